// The console's entry: the login form, the navigation, and which page the location's hash shows.
import {ApiError, currentUser, h, login, logout, notice, onSample, onUnauthorized, startSampling, stopSampling,
  whoAmI} from './lib.js';
import {pages} from './pages.js';

const main = document.getElementById('page');
let stopTicks = () => {};
let shown = 0;

function showLogin(message) {
  stopTicks();
  stopSampling();
  document.body.classList.remove('in');
  document.getElementById('login-error').textContent = message || '';
  document.getElementById('login').hidden = false;
  document.getElementById('app').hidden = true;
  document.getElementById('login-user').focus();
}

function showApp() {
  const me = currentUser();
  document.body.classList.add('in');
  document.getElementById('login').hidden = true;
  document.getElementById('app').hidden = false;
  document.getElementById('whoami').textContent = me.user
    ? `${me.user} · ${me.permissions.join(', ') || 'no permissions'}` : 'no users configured';
  document.getElementById('logout').hidden = !me.user;
  startSampling();
  route();
}

/** Shows the page the hash names; a page's tick runs after each sample until another page is shown. */
async function route() {
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  const page = pages[parts[0]] || pages[''];
  const turn = ++shown;
  stopTicks();
  notice('');
  for (const a of document.querySelectorAll('nav a')) {
    a.classList.toggle('current', a.dataset.nav === page.nav);
  }
  main.removeAttribute('data-loaded');
  main.dataset.page = page.nav;
  main.replaceChildren(h('h2', {text: page.title}));
  document.title = `${page.title} · Tributary`;
  try {
    const tick = await page.render(main, parts[1]);
    if (turn !== shown) {
      return;
    }
    if (tick) {
      stopTicks = onSample(() => tick().catch(e => notice(e.message, true)));
    }
  } catch (e) {
    if (turn !== shown) {
      return;
    }
    main.append(h('p', {class: 'failed', id: 'page-error', text: e instanceof ApiError && e.status === 404
      ? `${e.message} (this broker may not have this part of the API yet)` : e.message}));
  }
  main.dataset.loaded = 'true';
}

document.getElementById('login').addEventListener('submit', async e => {
  e.preventDefault();
  const error = document.getElementById('login-error');
  error.textContent = '';
  try {
    await login(document.getElementById('login-user').value, document.getElementById('login-password').value);
    document.getElementById('login-password').value = '';
    showApp();
  } catch (failure) {
    error.textContent = failure.status === 401 ? 'Unknown user or wrong password.' : failure.message;
  }
});

document.getElementById('logout').addEventListener('click', () => {
  logout();
  showLogin('Logged out.');
});

window.addEventListener('hashchange', () => {
  if (currentUser()) {
    route();
  }
});

onUnauthorized(() => showLogin('Log in again: the broker did not accept the saved credentials.'));

whoAmI().then(showApp, e => {
  if (e instanceof ApiError && e.status === 401) {
    showLogin();
  } else {
    showLogin(`The management API did not answer: ${e.message}`);
  }
});
