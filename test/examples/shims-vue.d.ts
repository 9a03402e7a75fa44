// What Vite's Vue template declares so that TypeScript accepts `.vue` imports.
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent;
  export default component;
}
