import { reactive } from 'vue';

export interface Me {
  kind: string;
  id: string;
  name: string;
  roles: string[];
  dept?: string | null;
  region?: string | null;
}

const KEY = 'tb.token';

/**
 * The signed-in user. The token lives in sessionStorage: it goes with the browser tab, so a shared
 * computer at a service-centre window does not keep a colleague signed in.
 */
export const session = reactive({
  token: sessionStorage.getItem(KEY) ?? '',
  me: null as Me | null,
  expired: false,
  signIn(token: string, me: Me) {
    this.token = token;
    this.me = me;
    this.expired = false;
    sessionStorage.setItem(KEY, token);
  },
  signOut() {
    this.token = '';
    this.me = null;
    sessionStorage.removeItem(KEY);
  },
  expire() {
    this.signOut();
    this.expired = true;
  },
  has(...roles: string[]): boolean {
    return !!this.me && this.me.roles.some((r) => r === 'admin' || roles.includes(r));
  },
});
