import { reliabilityConfig } from './define-config.js';

/** The bounded reliability run (`npm test`, `npm run test:reliability`): a few hundred cases, quick. */
export default reliabilityConfig('bounded');
