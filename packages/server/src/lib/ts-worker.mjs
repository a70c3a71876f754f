// The entry of a worker thread that runs one of the TypeScript modules: the app runs its
// sources through tsx without a build, and a worker does not inherit the loader of the
// thread that starts it. `workerData.module` is the URL of the module to run.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
