// The demo page's own script, served as a file (/demo/page.js): the page's Content-Security-Policy
// allows no inline script. It fills in the store's address, logs the widgets' events and hands the
// writing elements a demo embed token when the store offers one.
for (const el of document.querySelectorAll('[data-origin]')) el.textContent = location.origin;
const log = document.getElementById('event-log');
let first = true;
for (const name of ['cop-question-posted', 'cop-practice-captured']) {
  document.addEventListener(name, (event) => {
    const item = event.detail.question ?? event.detail.practice;
    log.textContent = `${first ? '' : `${log.textContent}\n`}${name}: ${item.title}`;
    first = false;
  });
}
// A store started with the demo may offer a short-lived token for a demo person.
try {
  const response = await fetch('/demo/token');
  if (response.ok) {
    const { token } = await response.json();
    for (const el of document.querySelectorAll('[data-demo-token]')) el.token = token;
  }
} catch {}
