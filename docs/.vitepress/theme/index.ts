import DefaultTheme from 'vitepress/theme';
import type { Theme } from 'vitepress';
import Layout from './Layout.vue';
import './style.css';

// The default theme (its fonts are bundled, nothing is loaded from elsewhere) with the paste box added.
export default { extends: DefaultTheme, Layout } satisfies Theme;
