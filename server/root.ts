// The project folder. This file and the compiled bundle (dist-server/*.js) both sit one folder
// below it, so `..` is right under tsx and in production alike.
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
