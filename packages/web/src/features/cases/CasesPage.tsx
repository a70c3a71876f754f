// Placeholder while issue #4 lands: replaced by the real page.
export default function CasesPage() {
  return null;
}
