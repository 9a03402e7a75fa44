// The app's entry, as a Vite Vue template has it: the consent module first, then the app.
import './consent';
import { createApp } from 'vue';
import Privacy from './Privacy.vue';

createApp(Privacy).mount('#app');
