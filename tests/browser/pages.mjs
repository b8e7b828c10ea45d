// Medspil in a real Chromium: a citizen's journey with JavaScript off on a phone-sized screen,
// then axe-core's WCAG 2.1 A/AA rules on every main page, in Danish and English, on a desktop
// and a phone. Usage: node pages.mjs http://127.0.0.1:PORT MAILDIR  (exit code 1 on any failure);
// MAILDIR holds the mail Medspil sent, a JSON file per message (tests/mail/capture.py).
import { chromium } from 'playwright-core';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const base = process.argv[2];
const mailbox = process.argv[3];
const password = 'medspil-demo';
const failures = [];
const check = (ok, message) => { if (!ok) failures.push(message); };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
});
const phone = { width: 390, height: 844 };
const desktop = { width: 1280, height: 900 };

async function submit(page) {
  await Promise.all([page.waitForNavigation(), page.click('main form.form button[type=submit]')]);
}

// The path of the first link starting with `prefix` in a mail to `address`, waiting for it to
// arrive as a person waits for their mail.
async function linkMailedTo(address, prefix) {
  for (let i = 0; i < 200; i++) {
    for (const name of readdirSync(mailbox).filter((n) => n.endsWith('.json'))) {
      const mail = JSON.parse(readFileSync(join(mailbox, name), 'utf8'));
      const found = mail.to.includes(address) && mail.body.match(new RegExp(`https?://[^/\\s]+(${prefix}[0-9a-f]+)`));
      if (found) return found[1];
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  failures.push(`no ${prefix} link was mailed to ${address}`);
  return '/';
}

async function logIn(page, email) {
  await page.goto(`${base}/login`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await submit(page);
}

// 1. A citizen registers, starts an initiative and finds it, all without JavaScript.
{
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: phone, locale: 'da-DK' });
  const page = await context.newPage();
  await page.goto(`${base}/register`);
  await page.fill('#name', 'Jeppe i browseren');
  await page.fill('#email', 'browser@example.org');
  await page.fill('#password', 'en lang adgangskode');
  await submit(page);
  check(page.url().endsWith('/register/sent'), `registering asks to look for the mail, not ${page.url()}`);
  await page.goto(`${base}${await linkMailedTo('browser@example.org', '/account/confirm/')}`);
  await submit(page);
  check(/\/actors\/\d+$/.test(page.url()), `confirming the address lands on the profile, logged in, not ${page.url()}`);

  await page.goto(`${base}/initiatives/new`);
  await submit(page);
  check(page.url().endsWith('/initiatives'), 'an empty form stays on the form');
  check((await page.locator('#title-error').count()) === 1, 'the missing title is explained by its field');

  await page.fill('#title', 'Haver mellem husene');
  await page.fill('#purpose', 'Grønne mødesteder for naboerne');
  await page.selectOption('#theme', 'green_streets');
  await page.fill('#neighbourhood', 'Frederiksbjerg');
  await page.check('#value_goals-democracy');
  await submit(page);
  // Before saving, the similar initiatives are shown; the form keeps what was typed.
  check((await page.locator('#similar .card', { hasText: 'Frederiksbjerg Spirer' }).count()) === 1, 'a similar initiative is shown first');
  check((await page.inputValue('#title')) === 'Haver mellem husene', 'the form keeps the title');
  await submit(page);
  check(/\/initiatives\/\d+$/.test(page.url()), `creating lands on the initiative, not ${page.url()}`);
  check((await page.textContent('h1')) === 'Haver mellem husene', 'the new initiative is shown');

  await page.goto(`${base}/initiatives?q=have`);
  check((await page.locator('.card', { hasText: 'Haver mellem husene' }).count()) === 1, 'found by an inflected word');

  // Hyg & Byg: sign up, and order a flower box; Sofie's stairwell already has one.
  await page.goto(`${base}/events/1`);
  await Promise.all([page.waitForNavigation(), page.click('#signup button[type=submit]')]);
  check((await page.locator('#signup .notice').textContent()).includes('Du er tilmeldt'), 'signed up for Hyg & Byg');
  await page.fill('#items input[name=address]', 'Ingerslevs Boulevard 12, 3. th, 8000 Aarhus C');
  await submit(page);
  check((await page.locator('#address-error').textContent()).includes('Din opgang har allerede'), 'a second box for a stairwell is refused by the field');
  check((await page.inputValue('#address')) === 'Ingerslevs Boulevard 12, 3. th, 8000 Aarhus C', 'the address is kept');
  await page.fill('#address', 'Jægergårdsgade 5, 2. tv, 8000 Aarhus C');
  await submit(page);
  check((await page.locator('#orders li', { hasText: 'Jægergårdsgade 5, 2. tv' }).count()) === 1, 'the order is listed');
  await context.close();
}

// 2. BorgerTIP from a phone without JavaScript: Anna reports a hole with a photo by its
// address, is shown the open tip next door first, and Birgitte's unit resolves it in public.
{
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: phone, locale: 'da-DK' });
  const page = await context.newPage();
  await page.goto(`${base}/tips/new`);
  await page.selectOption('#category', 'huller');
  await page.fill('#address', 'Jægergårdsgade 38, 8000 Aarhus C');
  await submit(page);
  check((await page.locator('#nearby-h').count()) === 1, 'the open hole at Jægergårdsgade 40 is offered first');
  await page.fill('#description', 'Hul i kørebanen ud for nr. 38');
  await page.selectOption('#answer-surface', 'road');
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
  await page.setInputFiles('#photos', { name: 'hul.png', mimeType: 'image/png', buffer: png });
  await submit(page);
  check(/\/tips\/\d+\?reported=/.test(page.url()), `reporting lands on the tip, not ${page.url()}`);
  check((await page.locator('h2', { hasText: 'Tak for dit tip!' }).count()) === 1, 'the reporter is thanked');
  check((await page.locator('.photos img').count()) === 1, 'the photo is shown');
  const tip = new URL(page.url()).pathname;

  const staff = await browser.newContext({ javaScriptEnabled: false, viewport: phone, locale: 'da-DK' });
  const birgitte = await staff.newPage();
  await logIn(birgitte, 'birgitte@aarhus.dk');
  await birgitte.goto(`${base}/tips/queue`);
  check((await birgitte.locator(`a[href="${tip}"]`).count()) === 1, 'the tip is in the unit\'s queue');
  await birgitte.goto(`${base}${tip}`);
  await birgitte.selectOption('#status', 'resolved');
  await birgitte.fill('#body', 'Hullet er lappet.');
  await submit(birgitte);
  await page.goto(`${base}${tip}`);
  check((await page.locator('#history', { hasText: 'Hullet er lappet.' }).count()) === 1, 'the public update is shown');
  check((await page.locator('.tag', { hasText: 'Løst' }).count()) === 1, 'the tip is resolved');
  await staff.close();
  await context.close();
}

// 3. With JavaScript, a click on the map of the tip form picks the place.
{
  const context = await browser.newContext({ viewport: desktop, locale: 'da-DK' });
  const page = await context.newPage();
  await page.goto(`${base}/tips/new`);
  await page.click('details.field summary');
  await page.click('svg[data-pick]', { position: { x: 300, y: 200 } });
  const lat = Number(await page.inputValue('#latitude'));
  const lon = Number(await page.inputValue('#longitude'));
  check(lat > 55.99 && lat < 56.33 && lon > 9.95 && lon < 10.42, `the click picks a place in Aarhus, not ${lat}, ${lon}`);
  await context.close();
}

// 4. The keyboard: the first Tab reaches the skip link, which leads to the content.
{
  const context = await browser.newContext({ viewport: desktop });
  const page = await context.newPage();
  await page.goto(`${base}/initiatives`);
  await page.keyboard.press('Tab');
  check((await page.evaluate(() => document.activeElement.getAttribute('href'))) === '#main', 'first Tab: skip link');
  await context.close();
}

// 5. axe-core on the main pages.
const anonymousPages = ['/', '/initiatives', '/initiatives?q=gr%C3%B8n&theme=green_streets', '/initiatives/1', '/initiatives/1/evaluation',
  '/actors', '/actors/2', '/login', '/register', '/register/sent', '/password/forgot', '/password/sent', '/password/reset/0', '/privatliv', '/account/deleted', '/report/offer/1', '/tilgaengelighed', '/findes-ikke', '/help', '/offers',
  '/needs/2', '/offers/1', '/unsubscribe/not-a-real-token', '/calls', '/calls/1', '/events', '/events/1', '/spaces', '/spaces/1', '/spaces/3', '/pools', '/pools/1', '/agreements', '/agreements/1', '/agreements/1/versions/1',
  '/cases', '/cases?q=hund', '/cases/6', '/cases/3', '/overview', '/overview/initiatives?scope=city&theme=loneliness',
  '/tips', '/tips?category=huller&status=closed', '/tips/new', '/tips/new?step=details&category=huller&address=J%C3%A6gerg%C3%A5rdsgade+38%2C+8000', '/tips/2', '/tips/3', '/workshops/1', '/ideas/3', '/debate', '/debate/1', '/debate/2', '/debate?kind=theme&key=green_streets'];
const adminPages = ['/initiatives/new', '/initiatives/1/edit', '/initiatives/1/evaluation', '/organisations/new', '/actors/9', '/help',
  '/needs/2', '/offers/new', '/initiatives/1/needs/new', '/following', '/inbox', '/initiatives/1/calls/new',
  '/events/new', '/events/1', '/events/1/edit', '/events/1/programme', '/events/1/items', '/events/1/checkin', '/calendar',
  '/spaces/new', '/spaces/1/edit', '/spaces/1/blocks', '/bookings/1', '/requests', '/requests/new', '/requests/1', '/pools/new', '/agreements/new?initiative=1',
  '/tips/queue', '/tips/4', '/admin/tips', '/admin/tips/categories/1', '/admin/open311-keys', '/initiatives/new?tip=1',
  '/account', '/account/data', '/admin/roles', '/admin/audit', '/moderation', '/workshops/new', '/workshops/1', '/ideas/3', '/debate/new', '/debate/2', '/debate/2?quote=4'];

// axe-core's WCAG 2.1 A/AA rules on the page as it is now.
async function axeCheck(page, what) {
  const sideways = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  check(!sideways, `${what}: no sideways scrolling at ${page.viewportSize().width} px`);
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(() => axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  }));
  for (const v of result.violations) {
    const where = v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ');
    failures.push(`${what}: ${v.id} (${v.impact}) ${v.help} at ${where}`);
  }
}

async function audit(page, path) {
  await page.goto(`${base}${path}`);
  await axeCheck(page, path);
}

let audited = 0;
for (const [locale, viewport] of [['da-DK', desktop], ['en-GB', phone]]) {
  const context = await browser.newContext({ viewport, locale, bypassCSP: true });
  const page = await context.newPage();
  for (const path of anonymousPages) { await audit(page, path); audited++; }
  // A report, so that the moderation queue below has something in it.
  await page.goto(`${base}/report/offer/1`);
  await page.check('#reason-spam');
  await submit(page);
  await axeCheck(page, `a report sent (${locale})`);
  audited++;
  await logIn(page, 'admin@medspil.dk');
  for (const path of adminPages) { await audit(page, path); audited++; }
  // A form with errors, and one showing similar initiatives, as they come back from the server.
  // An order refused for its address, shown next to the field on the event page.
  for (const [what, path, fill] of [['form with errors', '/initiatives/new', async () => {}], ['similar initiatives', '/initiatives/new', async () => {
    await page.fill('#title', 'Grønne mødesteder');
    await page.fill('#purpose', 'Grønne mødesteder mellem husene');
    await page.selectOption('#theme', 'green_streets');
  }], ['tip with errors', '/tips/new?step=details&category=huller&latitude=56.1486&longitude=10.204', async () => {}],
  ['tip place with errors', '/tips/new', async () => {}], ['tip category with errors', '/admin/tips', async () => {}],
  ['booking with errors', '/spaces/1', async () => {}], ['indicator with errors', '/initiatives/1/evaluation', async () => {}], ['request with errors', '/requests/new', async () => {}], ['order with an unreadable address', '/events/1', async () => {
    await page.fill('main form.form input[name=address]', 'Ingerslevs Boulevard');
  }]]) {
    await page.goto(`${base}${path}`);
    await fill();
    await submit(page);
    await axeCheck(page, what);
    audited++;
  }
  await context.close();
}

// 6. Brian, for the centre, a party to Frivillig Følgeven: its evaluation with a party's forms,
// each sent empty and shown again with its errors, and a partner's key as it is shown once.
for (const [locale, viewport] of [['da-DK', phone], ['en-GB', desktop]]) {
  const context = await browser.newContext({ viewport, locale, bypassCSP: true });
  const page = await context.newPage();
  await logIn(page, 'brian@aarhus.dk');
  await page.goto(`${base}/initiatives?q=F%C3%B8lgeven`);
  const href = await page.locator('main a[href^="/initiatives/"]', { hasText: 'Frivillig Følgeven' }).first().getAttribute('href');
  const path = `${href}/evaluation`;
  await audit(page, path);
  audited++;
  for (const action of ['measurements', 'questions', 'measurement-keys']) {
    await page.goto(`${base}${path}`);
    const form = `main form[action*="/${action}"]`;
    check((await page.locator(form).count()) === 1, `${path}: a party has the ${action} form`);
    if ((await page.locator(form).count()) === 0) continue;
    await Promise.all([page.waitForNavigation(), page.click(`${form} button[type=submit]`)]);
    check((await page.locator('main .has-error').count()) > 0, `${action} sent empty: its errors are shown by their fields`);
    await axeCheck(page, `${path}: ${action} with errors`);
    audited++;
  }
  if (locale === 'da-DK') {
    // A measurement whose source is a document the browser uploads, with the form's token in
    // its address.
    await page.goto(`${base}${path}`);
    const first = async (select) => (await page.locator(`${select} option`).evaluateAll((os) => os.map((o) => o.value).filter(Boolean)))[0];
    await page.selectOption('#indicator', await first('#indicator'));
    await page.selectOption('#vouched_by', await first('#vouched_by'));
    await page.fill('#measured_value', '3');
    await page.fill('#measured_from', '2026-10-01');
    await page.fill('#measured_to', '2026-10-31');
    await page.setInputFiles('#document', { name: 'maaling-oktober.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7 oktober') });
    await Promise.all([page.waitForNavigation(), page.click('main form[action*="/measurements?"] button[type=submit]')]);
    check((await page.locator('main a[download]', { hasText: 'maaling-oktober.pdf' }).count()) === 1, `an uploaded source is listed with its measurement, at ${page.url()}`);
  }
  await page.goto(`${base}${path}`);
  await page.fill('#key_label', 'Omsorgssystemet');
  await Promise.all([page.waitForNavigation(), page.click('main form[action$="/measurement-keys"] button[type=submit]')]);
  check((await page.locator('#key').count()) === 1, 'a new key is shown once');
  await axeCheck(page, `${path}: a new key`);
  audited++;
  // A case Brian leads: what was learned, the form sent empty.
  await audit(page, '/cases/6');
  await Promise.all([page.waitForNavigation(), page.click('main form[action$="/learning"] button[type=submit]')]);
  check((await page.locator('#worked-error').count()) === 1, 'an empty learning note is explained by its field');
  await axeCheck(page, '/cases/6 with errors');
  audited += 2;
  // A survey: the form, sent empty, then sent to the participants.
  const survey = `${href}/surveys/new`;
  await audit(page, survey);
  await submit(page);
  check((await page.locator('#title-error').count()) === 1, 'a survey without a heading is explained by its field');
  await axeCheck(page, `${survey} with errors`);
  audited += 2;
  await page.fill('#title', `Hvordan var turen? (${locale})`);
  await page.fill('#prompt_1', 'Hvor tilfreds er du med din følgeven?');
  await page.selectOption('#kind_2', 'text');
  await page.fill('#prompt_2', 'Hvad kan vi gøre bedre?');
  await submit(page);
  check(page.url().endsWith('/evaluation#surveys'), `a sent survey lands on the evaluation, not ${page.url()}`);
  await context.close();
}

// 7. Liselotte answers on her phone, without JavaScript, through the link in her inbox.
{
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: phone, locale: 'da-DK' });
  const page = await context.newPage();
  await logIn(page, 'liselotte@example.dk');
  await page.goto(`${base}/inbox`);
  const link = await page.locator('main li', { hasText: 'Hvordan var turen? (da-DK)' }).locator('a[href^="/surveys/answer/"]').first().getAttribute('href');
  await context.clearCookies();
  await page.goto(`${base}${link}`);
  check((await page.locator('h1').textContent()).startsWith('Hvordan var turen?'), 'the link opens the survey without logging in');
  await page.check('#answer_1-5');
  await page.fill('#answer_2', 'Mere af det samme.');
  await submit(page);
  check((await page.locator('h1').textContent()) === 'Tak for dine svar', 'the answer is thanked for');
  await context.close();
}
for (const [locale, viewport] of [['da-DK', phone], ['en-GB', desktop]]) {
  const context = await browser.newContext({ viewport, locale, bypassCSP: true });
  const page = await context.newPage();
  await logIn(page, 'liselotte@example.dk');
  await page.goto(`${base}/inbox`);
  const links = await page.locator('main a[href^="/surveys/answer/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  await context.clearCookies();
  let found = false;
  for (const link of links) {
    await page.goto(`${base}${link}`);
    if ((await page.locator('#answer_1-1').count()) === 0) continue;
    found = true;
    await axeCheck(page, `the answer page (${locale})`);
    if (locale === 'da-DK') { audited++; break; }
    await submit(page);
    await axeCheck(page, `the answer page with an error or thanks (${locale})`);
    audited += 2;
    break;
  }
  check(found, `an unanswered survey in Liselotte's inbox (${locale})`);
  await context.close();
}

// 8. The head of Sundhed og Omsorg, on her phone without JavaScript and at her desk: her
// department's overview, a figure followed to the initiatives behind it, and back.
// (axe needs JavaScript in the page, so the run without it follows the figures only.)
for (const [locale, viewport, javaScriptEnabled] of [['da-DK', phone, false], ['da-DK', phone, true], ['en-GB', desktop, true]]) {
  const context = await browser.newContext({ viewport, locale, javaScriptEnabled, bypassCSP: true });
  const axeIf = async (what) => { if (javaScriptEnabled) { await axeCheck(page, what); audited++; } };
  const page = await context.newPage();
  await logIn(page, 'helle@aarhus.dk');
  await page.goto(`${base}/overview`);
  const title = await page.locator('h1').textContent();
  check(title.includes('Sundhed og Omsorg'), `her overview starts at her department, not "${title}"`);
  await axeIf(`the department's overview (${locale})`);
  const figure = page.locator('#t-stages + figure + .table-wrap a, #t-stages + .table-wrap a').first();
  const count = Number((await figure.textContent()).trim());
  await Promise.all([page.waitForNavigation(), figure.click()]);
  check((await page.locator('main li.card').count()) === count, `the list behind a figure holds ${count} initiatives`);
  await axeIf(`the initiatives behind a figure (${locale})`);
  await Promise.all([page.waitForNavigation(), page.locator('main a[href^="/overview?"]').click()]);
  check((await page.locator('h1').textContent()) === title, 'back to the same overview');
  await context.close();
}

// 9. Brian, on his phone without JavaScript: his centre's overview suggests an initiative the
// association runs; he offers two staff there instead of starting his own, and Hanne, the
// association's chair, accepts. Then axe on the pages the proposal shows on, in both languages.
{
  const context = await browser.newContext({ viewport: phone, locale: 'da-DK', javaScriptEnabled: false });
  const page = await context.newPage();
  await logIn(page, 'brian@aarhus.dk');
  await page.goto(`${base}/overview`);
  await page.selectOption('#o-scope', { label: '— Center for bostøtte i eget hjem' });
  await Promise.all([page.waitForNavigation(), page.click('form.overview-choice button[type=submit]')]);
  const suggested = page.locator('main a', { hasText: 'Besøgsvenner i plejeboligerne' }).first();
  check(await suggested.count() === 1, 'his centre is shown the association\'s initiative it could back');
  await Promise.all([page.waitForNavigation(), suggested.click()]);
  const initiative = page.url().replace(base, '');
  await page.click('#proposals details:has(#propose-actor) summary');
  await page.selectOption('#propose-actor', { label: 'Center for bostøtte i eget hjem' });
  await page.selectOption('#propose-kind', 'offer');
  await page.selectOption('#propose-role', 'contributor');
  await page.selectOption('#propose-ask', 'staff');
  await page.fill('#propose-what', 'To medarbejdere til besøgsrunden');
  await page.fill('#propose-amount', '20');
  await Promise.all([page.waitForNavigation(), page.click('#proposals form:has(#propose-actor) button[type=submit]')]);
  check((await page.locator('#proposals .proposal').first().textContent()).includes('Venter på svar'), 'the offer waits for the owner');
  await context.close();

  const owner = await (await browser.newContext({ viewport: phone, locale: 'da-DK', javaScriptEnabled: false })).newPage();
  await logIn(owner, 'formand@socialfrivillig.dk');
  await owner.goto(`${base}/proposals`);
  check(await owner.locator('main .proposal', { hasText: 'Center for bostøtte i eget hjem' }).count() === 1, 'the offer waits in her list');
  await owner.goto(`${base}${initiative}`);
  await owner.fill('#proposals textarea[name=reason]', 'Velkommen');
  await Promise.all([owner.waitForNavigation(), owner.click('#proposals button[value=accept]')]);
  check((await owner.locator('#participants').textContent()).includes('Center for bostøtte i eget hjem'), 'accepted, the centre takes part');
  await owner.context().close();

  for (const [locale, viewport] of [['da-DK', desktop], ['en-GB', phone]]) {
    const context = await browser.newContext({ viewport, locale, bypassCSP: true });
    const page = await context.newPage();
    await logIn(page, 'birgitte@aarhus.dk');
    for (const path of [initiative, '/initiatives/1', '/proposals']) {
      await page.goto(`${base}${path}`);
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
      await axeCheck(page, `${path} with its proposals (${locale})`);
      audited++;
    }
    // An offer sent without saying what, shown again with its errors next to the fields.
    await page.goto(`${base}/initiatives/1`);
    await page.click('#proposals details:has(#propose-actor) summary');
    await page.selectOption('#propose-ask', 'staff');
    await Promise.all([page.waitForNavigation(), page.click('#proposals form:has(#propose-actor) button[type=submit]')]);
    check(await page.locator('#propose-what-error').count() === 1, 'the missing "what" is explained next to its field');
    await axeCheck(page, `an offer with errors (${locale})`);
    audited++;
    await context.close();
  }
}

// 10. The account's whole life, in Danish and English: Anna registers and confirms her address
// from the mail, forgets her password and sets a new one from the mail's link, and finds her
// sessions on her account page. Each page is checked by axe as she meets it.
for (const [locale, who] of [['da-DK', 'anna@example.org'], ['en-GB', 'anna.en@example.org']]) {
  const context = await browser.newContext({ viewport: phone, locale, bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${base}/register`);
  await page.fill('#name', 'Anna');
  await page.fill('#email', who);
  await page.fill('#password', 'en lang adgangskode');
  await submit(page);
  await axeCheck(page, `check your mail (${locale})`);
  await page.goto(`${base}${await linkMailedTo(who, '/account/confirm/')}`);
  await axeCheck(page, `confirm the address (${locale})`);
  await submit(page);
  check(/\/actors\/\d+$/.test(page.url()), `${who} lands on the profile, not ${page.url()}`);
  await page.goto(`${base}/account`);
  check((await page.locator('td', { hasText: locale === 'da-DK' ? 'denne browser' : 'this browser' }).count()) === 1, 'the account page shows this browser');
  await axeCheck(page, `the account page (${locale})`);
  await page.fill('#current_password', 'forkert forkert');
  await page.fill('#password', 'kort');
  await Promise.all([page.waitForNavigation(), page.click('form[action="/account/password"] button[type=submit]')]);
  await axeCheck(page, `the account page with errors (${locale})`);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/logout"] button')]);

  await page.goto(`${base}/login`);
  await Promise.all([page.waitForNavigation(), page.click('a[href="/password/forgot"]')]);
  await axeCheck(page, `forgotten password (${locale})`);
  await page.fill('#email', who);
  await submit(page);
  await axeCheck(page, `reset link sent (${locale})`);
  const reset = await linkMailedTo(who, '/password/reset/');
  await page.goto(`${base}${reset}`);
  await page.fill('#password', 'kort');
  await submit(page);
  check((await page.locator('#password-error').count()) === 1, 'a short password is explained by its field');
  await axeCheck(page, `a new password with errors (${locale})`);
  await page.fill('#password', 'et nyt og langt kodeord');
  await submit(page);
  check(page.url().endsWith('/account?done=password'), `a new password lands on the account page, not ${page.url()}`);
  await axeCheck(page, `the account page after a new password (${locale})`);
  await page.goto(`${base}${reset}`);
  check((await page.locator('a[href="/password/forgot"]').count()) >= 1, 'a used link offers a new one');
  await axeCheck(page, `a used link (${locale})`);
  audited += 10;
  await context.close();
}

// 11. MitID on a phone, in Danish and English: Jeppe logs in with MitID for the first time and
// links the account he has, after a wrong password; Nanna, new, makes an account, first
// forgetting her address. Each page is checked by axe as they meet it.
for (const [locale, who, linkTo] of [['da-DK', 'jeppe', 'jeppe@example.dk'], ['en-GB', 'nanna', null]]) {
  const context = await browser.newContext({ viewport: phone, locale, bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await axeCheck(page, `the login page with MitID (${locale})`);
  await Promise.all([page.waitForNavigation(), page.click('a[href^="/login/with/mitid"]')]);
  await page.fill('input[name=account]', who);
  await Promise.all([page.waitForURL(/\/login\/welcome$/), page.click('button')]);
  await axeCheck(page, `welcome after MitID (${locale})`);
  const [form, fields] = linkTo
    ? ['/login/welcome/link', [['#login_email', linkTo], ['#login_password', 'forkert forkert']]]
    : ['/login/welcome/new', [['#password', 'en lang adgangskode']]];
  for (const [field, value] of fields) await page.fill(field, value);
  await Promise.all([page.waitForNavigation(), page.click(`form[action="${form}"] button`)]);
  check((await page.locator(linkTo ? '#login_email-error' : '#email-error').count()) === 1, `${who}: the problem is explained by its field`);
  await axeCheck(page, `welcome with errors (${locale})`);
  const right = linkTo
    ? [['#login_email', linkTo], ['#login_password', password]]
    : [['#email', 'nanna@example.org'], ['#password', 'en lang adgangskode']];
  for (const [field, value] of right) await page.fill(field, value);
  await Promise.all([page.waitForNavigation(), page.click(`form[action="${form}"] button`)]);
  await page.goto(`${base}/account`);
  check((await page.locator('#logins-heading').count()) === 1, `${who}'s account page lists the ways to log in`);
  check((await page.locator('form[action$="/unlink"]').count()) === 1, `${who}'s MitID is linked`);
  await axeCheck(page, `the account page with MitID linked (${locale})`);
  audited += 4;
  await context.close();
}

// 12. The fællesråd's workshop: Karen plans it at her desk, with places to sign up for, and opens the session; Mads joins on
// his phone without JavaScript by typing the code, and adds an idea; Karen types in a paper
// post-it and declines an idea with a reason, which the public report shows. Axe checks each
// page in Danish and English.
{
  const desk = await browser.newContext({ viewport: desktop, locale: 'da-DK', bypassCSP: true });
  const karen = await desk.newPage();
  await logIn(karen, 'formand@frederiksbjerg-faellesraad.dk');
  await karen.goto(`${base}/workshops/new`);
  await submit(karen);
  check((await karen.locator('#questions-error').count()) === 1, 'a plan without questions is explained by its field');
  await axeCheck(karen, 'the workshop plan with errors');
  await karen.fill('#title', 'Trafik i Frederiksbjerg');
  await karen.fill('#purpose', 'Roligere gader, som beboerne selv foreslår.');
  await karen.fill('#questions', 'Hvor kører bilerne for stærkt?\nHvad ville gøre gaderne tryggere?');
  await karen.fill('#starts', '2027-03-04T18:00');
  await karen.fill('#ends', '2027-03-04T20:30');
  await karen.fill('#capacity', '25');
  await submit(karen);
  const report = new URL(karen.url()).pathname;
  check(/^\/workshops\/\d+$/.test(report), `planning leads to the workshop, not ${report}`);
  const signup = (await karen.locator('a[href$="#signup"]').getAttribute('href')) || '';
  check(/^\/events\/\d+#signup$/.test(signup), `a workshop with places links to its event, not ${signup}`);
  const event = signup.split('#')[0];
  await Promise.all([karen.waitForNavigation(), karen.click('form[action$="/session"] button')]);
  const code = (await karen.locator('#session p').first().innerText()).match(/[A-Z0-9]{6}/)[0];
  await axeCheck(karen, 'the workshop for its host');

  for (const [locale, name, idea] of [['da-DK', 'Mads', 'Vejbump på Hans Broges Gade'], ['en-GB', '', 'A play street on Sundays']]) {
    const pocket = await browser.newContext({ javaScriptEnabled: false, viewport: phone, locale });
    const mads = await pocket.newPage();
    await mads.goto(`${base}/w`);
    await mads.fill('#code', code.toLowerCase());
    await Promise.all([mads.waitForNavigation(), mads.click('main form.form button[type=submit]')]);
    await mads.fill('#name', name);
    await submit(mads);
    await mads.fill('#text', idea);
    await submit(mads);
    check((await mads.locator('.notice-success').count()) === 1, `${locale}: the phone is thanked for the idea`);
    check((await mads.locator('section[aria-labelledby=mine-h] li', { hasText: idea }).count()) === 1, `${locale}: the phone lists its own idea`);
    await Promise.all([mads.waitForNavigation(), mads.click('#dots form button')]);
    check((await mads.locator('#dots p.meta').count()) === 1, `${locale}: the phone gave a dot without JavaScript`);
    await pocket.close();
    // The same pages, with axe (which needs JavaScript).
    const seen = await browser.newContext({ viewport: phone, locale, bypassCSP: true });
    const page = await seen.newPage();
    for (const path of ['/workshops', '/w', '/w/ZZZZZZ', report, event, `/w/${code}`]) { await audit(page, path); audited++; }
    await page.fill('#name', 'Axe');
    await submit(page);
    await submit(page);
    check((await page.locator('#text-error').count()) === 1, `${locale}: an empty idea is explained by its field`);
    await axeCheck(page, `an empty idea (${locale})`);
    audited++;
    await seen.close();
  }

  await karen.goto(`${base}${report}`);
  await karen.fill('#paper textarea[name=text]', 'Flere cykelstativer ved skolen');
  await karen.fill('#author_name', 'Bodil');
  await Promise.all([karen.waitForNavigation(), karen.click('#paper button[type=submit]')]);
  await Promise.all([karen.waitForNavigation(), karen.click('a[href^="/ideas/"]')]);
  await axeCheck(karen, 'an idea with its fate form');
  await karen.check('#fate-declined');
  await submit(karen);
  check((await karen.locator('#reason-error').count()) === 1, 'a fate without a reason is explained by its field');
  await axeCheck(karen, 'a fate with errors');
  await karen.fill('#reason', 'Kommunen har allerede planlagt det.');
  await submit(karen);
  await karen.goto(`${base}${report}`);
  check((await karen.locator('.fate-declined').count()) === 1, 'the report shows the declined idea');
  await karen.fill('#theme_name', 'Skoleveje');
  await Promise.all([karen.waitForNavigation(), karen.click('#themes button[type=submit]')]);
  // With JavaScript, an idea dragged onto a theme is put under it, and one dragged onto another
  // is ticked with it for merging.
  // (A tall window keeps idea and theme in view together, as a person scrolls while dragging.)
  await karen.setViewportSize({ width: desktop.width, height: 4000 });
  const street = karen.locator('li[data-idea]', { hasText: 'A play street on Sundays' });
  const streetId = await street.getAttribute('data-idea');
  await Promise.all([karen.waitForNavigation(), street.dragTo(karen.locator('[data-theme-drops] li', { hasText: 'Skoleveje' }))]);
  check((await karen.locator(`h3:has-text("Skoleveje") + ul li[data-idea="${streetId}"]`).count()) === 1, 'an idea dragged onto a theme is put under it');
  const racks = karen.locator('li[data-idea]', { hasText: 'Flere cykelstativer ved skolen' });
  const racksId = await racks.getAttribute('data-idea');
  await karen.locator(`li[data-idea="${streetId}"]`).dragTo(racks);
  check(await karen.isChecked(`#ideas-${streetId}`) && await karen.isChecked(`#ideas-${racksId}`), 'ideas dragged together are ticked for merging');
  await karen.fill('#merged_text', 'Roligere skoleveje');
  await Promise.all([karen.waitForNavigation(), karen.click('#merge button[type=submit]')]);
  check((await karen.locator('#merged-h').count()) === 1, 'the merged idea shows the ideas it came from');
  await axeCheck(karen, 'a merged idea with its theme form');
  await karen.goto(`${base}${report}`);
  await axeCheck(karen, 'the report with themes and a merged idea');
  audited += 6;
  await desk.close();
}

// 13. The association's register: Hanne, the chair of Social Frivilligforening Aarhus, on her
// phone without JavaScript, states a purpose and a field kept for it and writes Liselotte in;
// Liselotte sees her own entry and asks for a correction, which Hanne makes and answers. Axe
// checks each page in Danish and English.
{
  const pocket = await browser.newContext({ javaScriptEnabled: false, viewport: phone, locale: 'da-DK' });
  const hanne = await pocket.newPage();
  await logIn(hanne, 'formand@socialfrivillig.dk');
  await hanne.goto(`${base}/actors`);
  await Promise.all([hanne.waitForNavigation(), hanne.click('a:has-text("Social Frivilligforening Aarhus")')]);
  await Promise.all([hanne.waitForNavigation(), hanne.click('a[href$="/register"]')]);
  const register = new URL(hanne.url()).pathname;
  const send = (form) => Promise.all([hanne.waitForNavigation(), hanne.click(`form[action$="${form}"] button[type=submit]`)]);
  await hanne.check('#kind-phone');
  await send('/fields');
  check((await hanne.locator('#purpose-error').count()) === 1, 'a field without a purpose is refused next to the purpose');
  await hanne.fill('#purpose_name', 'Besøgsvenner');
  await hanne.check('#legal_basis-membership');
  await hanne.fill('#retention_days', '365');
  await send('/purposes');
  await hanne.check('#kind-address');
  await hanne.check('input[name=purpose]');
  await send('/fields');
  await hanne.fill('#activity_name', 'Besøgsven');
  await send('/activities');
  await Promise.all([hanne.waitForNavigation(), hanne.click('a[href$="/register/people"]')]);
  const people = new URL(hanne.url()).pathname;
  await submit(hanne);
  check((await hanne.locator('#name-error').count()) === 1, 'a person without a name is refused next to the field');
  await hanne.fill('#name', 'Liselotte Holm');
  await hanne.fill('#email', 'liselotte@example.dk');
  await hanne.fill('#starts_on', '2025-03-01');
  await hanne.check('input[name=activities]');
  await hanne.fill('input[name^="field-"]', '20 30 40 50');
  await submit(hanne);
  const entry = new URL(hanne.url()).pathname;
  check(/^\/register\/\d+$/.test(entry) && (await hanne.content()).includes('20 30 40 50'), `the person is written in, not ${entry}`);
  await hanne.check('input[name=consent_purpose]');
  await hanne.fill('#given_by', 'Liselotte Holm');
  await hanne.check('#how-paper');
  await send('/consents');
  const withdrawal = ((await hanne.locator('#consents code').innerText()).match(/\/consent\/withdraw\/[0-9a-f]+/) || ['/'])[0];
  check(withdrawal.length > 20, 'recording a consent shows the link that withdraws it');
  const withdrawHere = (await hanne.locator('#consents a[href^="/register/consents/"]').first().getAttribute('href')) || '/';
  // Liselotte, on her own phone, asks to have her number corrected; Hanne sees the request
  // with its deadline, corrects the entry on its form and answers.
  const own = await browser.newContext({ javaScriptEnabled: false, viewport: phone, locale: 'da-DK' });
  const liselotte = await own.newPage();
  await logIn(liselotte, 'liselotte@example.dk');
  await liselotte.goto(`${base}/account/register`);
  const ask = `${entry}/request`;
  await Promise.all([liselotte.waitForNavigation(), liselotte.click(`a[href="${ask}"]`)]);
  await liselotte.check('#kind-correct');
  await submit(liselotte);
  check((await liselotte.locator('#details-error').count()) === 1, 'a correction without words is refused next to the field');
  await liselotte.fill('#details', 'Mit nummer er nu 20 30 40 99');
  await submit(liselotte);
  check((await liselotte.content()).includes('Mit nummer er nu 20 30 40 99'), 'her request waits for the board on her page');
  await own.close();
  await hanne.goto(`${base}${register}`);
  const answer = (await hanne.locator('#requests a[href^="/register/requests/"]').last().getAttribute('href')) || '/';
  const consentText = (await hanne.locator('a[href^="/register/purposes/"]').first().getAttribute('href')) || '/';
  const edit = `${entry}/edit`;
  await hanne.goto(`${base}${edit}`);
  await hanne.fill('input[name^="field-"]', '20 30 40 99');
  await submit(hanne);
  check((await hanne.content()).includes('20 30 40 99'), 'the board corrects the entry on its form');
  await hanne.goto(`${base}${answer}`);
  await hanne.check('#outcome-done');
  await submit(hanne);
  check(new URL(hanne.url()).pathname === register, `the answer returns to the register, not ${hanne.url()}`);
  await pocket.close();
  for (const [locale, viewport] of [['da-DK', desktop], ['en-GB', phone]]) {
    for (const [who, paths] of [['formand@socialfrivillig.dk', [register, people, entry, consentText, edit, answer, `${register}/delete`, withdrawHere]], ['liselotte@example.dk', ['/account/register', entry, ask, withdrawal, withdrawHere]]]) {
      const seen = await browser.newContext({ viewport, locale, bypassCSP: true });
      const page = await seen.newPage();
      await logIn(page, who);
      for (const path of paths) { await audit(page, path); audited++; }
      await seen.close();
    }
  }
  // Liselotte tells Hanne she wants no more newsletters; Hanne records it on her phone.
  const told = await browser.newContext({ javaScriptEnabled: false, viewport: phone, locale: 'da-DK' });
  const chair = await told.newPage();
  await logIn(chair, 'formand@socialfrivillig.dk');
  await chair.goto(`${base}${withdrawHere}`);
  await submit(chair);
  check((await chair.locator('#withdrawn_how-error').count()) === 1, 'a withdrawal the board records says how the person told it');
  await chair.check('#withdrawn_how-in_person');
  await submit(chair);
  check(new URL(chair.url()).pathname === entry && (await chair.content()).includes('registreret af bestyrelsen'), `the withdrawal returns to the entry, not ${chair.url()}`);
  await told.close();
}

await browser.close();
if (failures.length) {
  console.error(`${failures.length} problem(s):\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
console.log(`ok: no-JavaScript journey, keyboard, and ${audited} pages without axe violations`);
