import { createRouter, createWebHistory } from 'vue-router';
import { session } from './session';

export const router = createRouter({
  history: createWebHistory('/console/'),
  routes: [
    { path: '/', redirect: '/definitions' },
    { path: '/login', component: () => import('./pages/LoginPage.vue'), meta: { open: true } },
    { path: '/definitions', component: () => import('./pages/DefinitionsPage.vue') },
    { path: '/modeler', component: () => import('./pages/ModelerPage.vue') },
    { path: '/modeler/:id', component: () => import('./pages/ModelerPage.vue') },
    { path: '/cases', component: () => import('./pages/CasesPage.vue') },
    { path: '/cases/:id', component: () => import('./pages/CasePage.vue') },
    { path: '/inbox', component: () => import('./pages/InboxPage.vue') },
    { path: '/board', component: () => import('./pages/BoardPage.vue') },
    { path: '/operations', component: () => import('./pages/OperationsPage.vue') },
    { path: '/:rest(.*)*', redirect: '/definitions' },
  ],
});

router.beforeEach((to) => {
  if (!to.meta.open && !session.me) return { path: '/login', query: { next: to.fullPath } };
  return true;
});
