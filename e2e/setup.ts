import { afterAll } from 'vitest';
import { closeSharedBrowser } from './harness';

// Each journey file shares one Chromium (harness.ts); it goes when the file's journeys are done.
afterAll(closeSharedBrowser);
