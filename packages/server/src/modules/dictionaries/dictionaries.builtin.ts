// The code lists every county starts with. Imports and forms read them from the database,
// so a county can add its own entries (and deactivate, but never remove, built-in ones).

type Entry = readonly [code: string, zh: string, en: string];

export const BUILTIN_DICTIONARIES: Record<string, readonly Entry[]> = {
  disability_category: [
    ['visual', '视力', 'Visual'],
    ['hearing', '听力', 'Hearing'],
    ['speech', '言语', 'Speech'],
    ['physical', '肢体', 'Physical'],
    ['intellectual', '智力', 'Intellectual'],
    ['mental', '精神', 'Mental'],
    ['multiple', '多重', 'Multiple'],
  ],
  disability_level: [
    ['1', '一级', 'Level 1'],
    ['2', '二级', 'Level 2'],
    ['3', '三级', 'Level 3'],
    ['4', '四级', 'Level 4'],
  ],
  guardian_relation: [
    ['father', '父亲', 'Father'],
    ['mother', '母亲', 'Mother'],
    ['grandparent', '祖父母', 'Grandparent (paternal)'],
    ['maternal_grandparent', '外祖父母', 'Grandparent (maternal)'],
    ['sibling', '兄姐', 'Elder sibling'],
    ['other', '其他', 'Other'],
  ],
  verification_method: [
    ['registry_check', '学籍系统核查', 'Student registry check'],
    ['school_certificate', '学校证明', 'School certificate'],
    ['phone', '电话核实', 'Phone verification'],
    ['other', '其他', 'Other'],
  ],
  exemption_type: [
    ['deferred', '缓学', 'Deferred schooling'],
    ['exempt', '免学', 'Exempt from schooling'],
  ],
  out_of_school_reason: [
    ['learning_difficulty', '学业困难/厌学', 'Learning difficulty / aversion'],
    ['family_poverty', '家庭经济困难', 'Family hardship'],
    ['illness', '疾病', 'Illness'],
    ['disability', '残疾', 'Disability'],
    ['no_guardian', '监护缺失/留守', 'Lack of guardianship / left behind'],
    ['early_marriage', '早婚早育', 'Early marriage'],
    ['work', '外出务工', 'Working away'],
    ['whereabouts_unknown', '下落不明', 'Whereabouts unknown'],
    ['other', '其他', 'Other'],
  ],
};
