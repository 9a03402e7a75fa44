import { reliabilityConfig } from './define-config.js';

/** The full-size reliability run (`npm run test:stress`): thousands of fuzz cases. */
export default reliabilityConfig('stress');
