// The same pipeline as valid/if_else_with_oneof_artifacts (the corpus holds it in both groups).
export { default } from '../valid/if_else_with_oneof_artifacts.js';
