import { createApp } from 'vue';
import ElementPlus from 'element-plus';
import 'element-plus/dist/index.css';
import './styles.css';
import App from './App.vue';
import { api } from './api/client';
import { router } from './router';
import { session } from './session';
import { setLang, lang } from './i18n';

setLang(lang.value);
// A token kept from before a reload: ask who it belongs to before the first page decides where to go.
if (session.token) {
  const { data } = await api.GET('/api/v1/me');
  if (data) session.signIn(session.token, data);
  else session.signOut();
}
createApp(App).use(ElementPlus).use(router).mount('#app');
