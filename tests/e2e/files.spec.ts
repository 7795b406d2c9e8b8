import { test, expect } from './fixtures';
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import { App, BUILD } from './app';

const fixture = (name: string) => readFileSync(`tests/fixtures/${name}`, 'utf8');

test('export → clear → import brings the marks back', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  await app.toggle(BUILD.name).click();
  await app.stateSelect('Pinning of artifacts').selectOption('Started');
  const exported = await app.download();
  expect(exported).toContain(`${BUILD.uuid}:  # ${BUILD.name}`);
  expect(exported).toContain('"Team A":');
  expect(exported).toMatch(/"Fully implemented": \d{4}-\d{2}-\d{2}/);

  await app.clearStorage();
  await page.reload();
  await app.openMatrix();
  await expect(app.toggle(BUILD.name)).toHaveAttribute('aria-pressed', 'false');

  await app.upload('team-progress.yaml', exported);
  await expect(page.getByRole('heading', { name: 'Preview of “team-progress.yaml”' })).toBeVisible();
  await expect(page.getByText('Merge: 2 records added')).toBeVisible();
  await page.getByRole('button', { name: 'Merge into my assessment' }).click();
  await expect(page.getByText(/Imported “team-progress.yaml” \(merged\)/)).toBeVisible();
  await app.openMatrix();
  await expect(app.toggle(BUILD.name)).toHaveAttribute('aria-pressed', 'true');
  await expect(app.stateSelect('Pinning of artifacts')).toHaveValue('1');
  // Our export loads back unchanged.
  expect(await app.download()).toBe(exported);
});

test('a reference-app file loads with the same states, dates, odd names and unknown uuids', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  await app.upload('reference-progress.yaml', fixture('reference-progress.yaml'));
  await expect(page.getByText('New teams: O\'Brien: "ops"')).toBeVisible();
  await expect(page.getByText(/Progress on 1 activity not in the embedded model/)).toBeVisible();
  await page.getByRole('button', { name: 'Merge into my assessment' }).click();
  await expect(page.getByText(/Imported/)).toBeVisible();
  await page.goto(`#/activity/${BUILD.uuid}`);
  const row = page.getByRole('row', { name: /^Team A/ });
  await expect(row).toContainText('Started: 2025-01-10 · Partly implemented: 2025-02-01 · Fully implemented: 2025-03-01');
  await expect(page.getByRole('row', { name: /^O'Brien/ })).toContainText('Started: 2025-04-02');
  const out = await app.download();
  expect(out).toContain('"O\'Brien: \\"ops\\"":');
  expect(out).toContain('00000000-0000-4000-8000-000000000000:  # not in the embedded model');
  expect(out).toContain('"Started": 2024-12-24');
});

test('files are read as the browser reads text: a byte-order mark and CRLF line ends, a stray Latin-1 byte', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  // As a Windows editor saves it.
  const windows = `progress:\r\n  ${BUILD.uuid}:\r\n    'Team A':\r\n      'Started': 2025-01-10\r\n`;
  await app.upload('windows.yaml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(windows)]));
  await expect(page.getByText('Merge: 1 record added')).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).first().click();
  // "Müller" written in Latin-1: not UTF-8; the byte reads as U+FFFD, as Blob.text() gives it.
  const latin1 = Buffer.concat([Buffer.from(`progress:\n  ${BUILD.uuid}:\n    'M`), Buffer.from([0xfc]), Buffer.from(`ller':\n      'Started': 2025-01-10\n`)]);
  await app.upload('latin1.yaml', latin1);
  await expect(page.getByText('New teams: M\ufffdller')).toBeVisible();
});

test('replace removes progress the file does not hold, after the preview says so', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  await app.toggle('Pinning of artifacts').click();
  await app.upload('reference-progress.yaml', fixture('reference-progress.yaml'));
  await expect(page.getByText(/Replace: .* 1 removed/)).toBeVisible();
  await page.getByRole('button', { name: 'Replace my progress' }).click();
  await app.openMatrix();
  await expect(app.toggle('Pinning of artifacts')).toHaveAttribute('aria-pressed', 'false');
  await expect(app.toggle(BUILD.name)).toHaveAttribute('aria-pressed', 'true');
});

for (const [name, content, message] of [
  ['malformed.yaml', 'progress: {a: 1\n', 'could not be read as YAML'],
  ['settings.yaml', 'maxLevel: 3\ntheme: dark\n', 'it has the top-level keys “maxLevel”, “theme”'],
  ['bad-date.yaml', 'progress:\n  u-1:\n    A:\n      Started: 2025-13-01\n', '`2025-13-01` is not a date'],
  ['bomb.yaml', fixture('alias-bomb.yaml'), 'could not be read as YAML'],
  ['binary.yaml', Buffer.from([0, 159, 146, 150, 0, 1, 2]), 'not'],
] as const) {
  test(`bad input (${name}) gives a clear message and changes nothing`, async ({ page }) => {
    const app = new App(page);
    await app.openMatrix();
    await app.toggle(BUILD.name).click();
    const before = await app.assessment();
    await app.upload(name, content as any);
    await expect(page.getByRole('alert')).toContainText(`“${name}” was not imported`);
    await expect(page.getByRole('alert')).toContainText(message as string);
    await expect(page.getByRole('alert')).toContainText('Nothing was changed.');
    expect(await app.assessment()).toEqual(before);
  });
}

test('a 50 MB file is refused before it is read', async ({ page }, testInfo) => {
  const app = new App(page);
  await app.openMatrix();
  await app.toggle(BUILD.name).click();
  const before = await app.assessment();
  const huge = `${testInfo.outputDir}/huge.yaml`;
  mkdirSync(testInfo.outputDir, { recursive: true });
  writeFileSync(huge, Buffer.alloc(70 * 1024 * 1024, 'a'));
  await page.goto('#/data');
  await page.getByTestId('import-file').setInputFiles(huge);
  await expect(page.getByRole('alert')).toContainText('files larger than 64 MB are refused');
  expect(await app.assessment()).toEqual(before);
});

test('drag and drop a file onto the drop zone', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  await page.goto('#/data');
  const text = fixture('reference-progress.yaml');
  const dt = await page.evaluateHandle((t) => {
    const d = new DataTransfer();
    d.items.add(new File([t], 'dropped.yaml', { type: 'application/yaml' }));
    return d;
  }, text);
  await page.dispatchEvent('.dropzone', 'drop', { dataTransfer: dt });
  await expect(page.getByRole('heading', { name: 'Preview of “dropped.yaml”' })).toBeVisible();
});

test('the drop zone stays highlighted while a drag crosses its children', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  await page.goto('#/data');
  const zone = page.locator('.dropzone');
  await page.dispatchEvent('.dropzone', 'dragenter');
  await page.dispatchEvent('.dropzone', 'dragover');
  await expect(zone).toHaveClass(/dropzone--active/);
  // Moving onto a child: the browser enters the child before it leaves the zone.
  await page.dispatchEvent('.dropzone .paste', 'dragenter');
  await page.dispatchEvent('.dropzone', 'dragleave');
  await expect(zone).toHaveClass(/dropzone--active/);
  await page.dispatchEvent('.dropzone .paste', 'dragleave');
  await expect(zone).not.toHaveClass(/dropzone--active/);
  // A drop ends the drag wherever it was: the next one starts from none entered.
  await page.dispatchEvent('.dropzone', 'dragenter');
  await page.dispatchEvent('.dropzone .paste', 'dragenter');
  await page.dispatchEvent('.dropzone .paste', 'drop');
  await expect(zone).not.toHaveClass(/dropzone--active/);
  await page.dispatchEvent('.dropzone', 'dragenter');
  await expect(zone).toHaveClass(/dropzone--active/);
  await page.dispatchEvent('.dropzone', 'dragleave');
  await expect(zone).not.toHaveClass(/dropzone--active/);
});

test('a corrupted stored value is reported, kept aside and downloadable', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  await app.toggle(BUILD.name).click();
  await page.evaluate(() => {
    localStorage.setItem('dsomm.v3.progress.a340f46b-6360-4cb8-847b-a0d3483d09d3', '{"Team A": {"Started": ');
  });
  await page.reload();
  await expect(page.locator('.notice--error').filter({ hasText: 'Stored data under' })).toContainText('could not be read');
  // The rest of the assessment is intact.
  await expect(app.toggle(BUILD.name)).toHaveAttribute('aria-pressed', 'true');
  await page.goto('#/data');
  await expect(page.getByRole('heading', { name: 'Stored data that could not be read' })).toBeVisible();
  const [dl] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: /^Download dsomm\.v3\.progress\.a340/ }).click(),
  ]);
  const chunks: Buffer[] = [];
  for await (const c of await dl.createReadStream()) chunks.push(c as Buffer);
  expect(Buffer.concat(chunks).toString()).toBe('{"Team A": {"Started": ');
});

test('markdown in the model never becomes markup', async ({ page }) => {
  for (const a of await (async () => {
    await page.goto('#/');
    return page.locator('.act__name').evaluateAll((els) => els.map((e) => (e as HTMLAnchorElement).getAttribute('href')));
  })()) {
    await page.goto(a!);
    const bad = await page.evaluate(() => ({
      scripts: document.querySelectorAll('main script, main iframe, main img, main [onerror], main [onclick]').length,
      js: [...document.querySelectorAll('main a')].filter((x) => /^\s*javascript:/i.test(x.getAttribute('href') || '')).length,
    }));
    expect(bad, a!).toEqual({ scripts: 0, js: 0 });
  }
});

test('teams.yaml: download, then upload a reference setup with a preview', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  expect((await app.downloadFile('teams.yaml')).toString()).toContain('teamGroups:\n  "Customer":\n    - "Team A"');

  await page.getByTestId('import-teams').setInputFiles({
    name: 'teams.yaml',
    mimeType: 'application/yaml',
    buffer: Buffer.from("teams:\n  - Team A\n  - 'Ops: \"night\"'\nteamGroups:\n  Cloud:\n    - 'Ops: \"night\"'\n"),
  });
  await expect(page.getByText('1 new team (Ops: "night")')).toBeVisible();
  await page.getByRole('button', { name: 'Import the team setup' }).click();
  await page.reload();
  await app.openMatrix();
  await expect(page.getByRole('combobox', { name: 'Team', exact: true }).locator('optgroup[label=Teams] option')).toHaveText(['Team A', 'Team B', 'Team C', 'Team D', 'Ops: "night"']);

  await page.goto('#/data');
  await page.getByTestId('import-teams').setInputFiles({ name: 'bad.yaml', mimeType: 'application/yaml', buffer: Buffer.from('progress: {}\n') });
  await expect(page.getByRole('alert').filter({ hasText: 'bad.yaml' })).toContainText('no top-level `teams:` key');
});

test('whole assessment: download, clear, restore brings back teams, groups, settings and progress', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  await app.toggle(BUILD.name).click();
  await page.goto('#/teams');
  await page.getByRole('textbox', { name: 'New team' }).fill('Ops: "night"');
  await page.getByRole('button', { name: 'Add team' }).click();
  await page.goto('#/settings');
  await page.getByRole('slider', { name: 'Highest maturity level shown' }).fill('2');
  await expect(page.getByText('Maturity levels 1-2 only')).toBeVisible();
  await page.goto('#/data');
  const [dl] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download the whole assessment (dsomm-assessment.yaml)' }).click(),
  ]);
  const chunks: Buffer[] = [];
  for await (const c of await dl.createReadStream()) chunks.push(c as Buffer);
  const backup = Buffer.concat(chunks).toString();
  expect(backup).toContain('formatVersion: 4');

  await app.clearStorage();
  await page.reload();
  await app.openMatrix();
  await expect(app.toggle(BUILD.name)).toHaveAttribute('aria-pressed', 'false');
  await page.goto('#/data');
  await page.getByTestId('import-backup').setInputFiles({ name: 'dsomm-assessment.yaml', mimeType: 'application/yaml', buffer: Buffer.from(backup) });
  await expect(page.getByText(/Restoring replaces everything you have \(0 team records, 0 evidence entries\) with the file's settings, its progress states, 5 teams, 4 groups, 1 team record on 1 activity \(latest change \d{4}-\d\d-\d\d\)/)).toBeVisible();
  await page.getByRole('button', { name: 'Replace everything with this file' }).click();
  await expect(page.getByText('The assessment was restored from the file.')).toBeVisible();
  await page.reload();
  await app.openMatrix();
  await expect(app.toggle(BUILD.name)).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('columnheader', { name: /^Level 3/ })).toBeHidden();
  await expect(page.getByRole('combobox', { name: 'Team', exact: true }).locator('optgroup[label=Teams] option')).toHaveCount(5);

  // A newer format version is refused and changes nothing.
  const before = await app.assessment();
  await page.goto('#/data');
  await page.getByTestId('import-backup').setInputFiles({ name: 'newer.yaml', mimeType: 'application/yaml', buffer: Buffer.from(backup.replace('formatVersion: 4', 'formatVersion: 7')) });
  await expect(page.getByRole('alert').filter({ hasText: 'newer.yaml' })).toContainText('newer version of this app');
  expect(await app.assessment()).toEqual(before);
});

test('one drop zone: several files at once, each recognised and previewed; what is none of them is refused', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  await page.goto('#/data');
  const files = [
    { name: 'progress.yaml', text: fixture('reference-progress.yaml') },
    { name: 'teams.yaml', text: 'teams:\n  - "Team A"\n  - "Squad"\nteamGroups:\n  "Ops": ["Squad"]\n' },
    { name: 'evidence.yaml', text: `evidence:\n  ${BUILD.uuid}:\n    - id: 6f1c1e2a-0b1d-4c1e-9a7b-2d3e4f5a6b7c\n      teams: ["Team A"]\n      title: "Pipeline reviewed"\n      evidenceRecorded: 2025-03-01\n` },
    { name: 'custom.yaml', text: 'Build and Deployment:\n  Build:\n    Ours:\n      uuid: 11111111-1111-1111-1111-111111111111\n      level: 1\n' },
    { name: 'other.yaml', text: 'name: x\n' },
  ];
  const dt = await page.evaluateHandle((fs) => {
    const d = new DataTransfer();
    for (const f of fs) d.items.add(new File([f.text], f.name, { type: 'application/yaml' }));
    return d;
  }, files);
  await page.dispatchEvent('.dropzone', 'drop', { dataTransfer: dt });
  await expect(page.getByRole('heading', { name: 'Preview of “progress.yaml”' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Preview of “teams.yaml”' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Preview of “evidence.yaml”' })).toBeVisible();
  const recognised = page.getByRole('list', { name: 'Files recognised' });
  await expect(recognised).toContainText('“teams.yaml”: a team setup (teams.yaml)');
  await expect(page.getByRole('heading', { name: 'Preview of “custom.yaml”' })).toBeVisible();
  await expect(page.getByText('Applying it makes a model of 195 activities: 1 added, 0 changed, 0 removed')).toBeVisible();
  const alert = page.getByRole('alert').filter({ hasText: 'other.yaml' });
  await expect(alert).toContainText('“other.yaml” was not imported. It is not a file this app reads: it has the top-level keys “name”.');
  // Each preview applies on its own.
  await page.getByRole('button', { name: 'Import the team setup' }).click();
  await expect(page.getByText('Team setup imported.')).toBeVisible();
  await page.getByRole('button', { name: 'Import the evidence' }).click();
  await expect(page.getByText(/Evidence imported: 1 new/)).toBeVisible();
  await page.getByRole('button', { name: 'Merge into my assessment' }).click();
  await expect(page.getByText(/Imported “progress.yaml” \(merged\)/)).toBeVisible();
  const stored = await app.storage();
  expect(Object.keys(stored).some((k) => k.startsWith('dsomm.v1.evidence.'))).toBe(true);
  expect(stored['dsomm.v1.groups']).toContain('Ops');
});

test('two progress files dropped together are previewed one after the other', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  await page.goto('#/data');
  const one = `progress:\n  ${BUILD.uuid}:\n    "One":\n      "Started": 2025-01-10\n`;
  const two = `progress:\n  ${BUILD.uuid}:\n    "Two":\n      "Started": 2025-01-11\n`;
  const dt = await page.evaluateHandle(([a, b]) => {
    const d = new DataTransfer();
    d.items.add(new File([a], 'one.yaml'));
    d.items.add(new File([b], 'two.yaml'));
    return d;
  }, [one, two]);
  await page.dispatchEvent('.dropzone', 'drop', { dataTransfer: dt });
  const first = page.getByRole('heading', { name: /^Preview of “(one|two).yaml”$/ });
  await expect(first).toBeVisible();
  await expect(page.getByText('Waiting for the open preview of the same kind to be done: 1 more file.')).toBeVisible();
  const firstName = (await first.textContent())!.includes('one') ? 'one' : 'two';
  await page.getByRole('button', { name: 'Merge into my assessment' }).click();
  const other = firstName === 'one' ? 'two' : 'one';
  await expect(page.getByRole('heading', { name: `Preview of “${other}.yaml”` })).toBeVisible();
  await page.getByRole('button', { name: 'Merge into my assessment' }).click();
  await expect(page.getByText(`Imported “${other}.yaml” (merged)`)).toBeVisible();
  const build = await app.progress(BUILD.uuid);
  expect(Object.keys(build ?? {})).toEqual(expect.arrayContaining(['One', 'Two']));
});

test('a DSOMM 1.x generated.yaml imports its implemented teams on a date the user picks, and its evidence texts', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  const legacy = `---\nBuild and Deployment:\n  Build:\n    Defined build process:\n      uuid: ${BUILD.uuid}\n      isImplemented: false\n      teamsImplemented:\n        Default: false\n        B: true\n      teamsEvidence:\n        B: |\n          Jenkinsfile in every repository.\n    Pinning of artifacts:\n      teamsImplemented:\n        B: true\n`;
  await app.upload('generated.yaml', legacy);
  await expect(page.getByRole('heading', { name: 'Preview of “generated.yaml”' })).toBeVisible();
  await expect(page.getByText('A DSOMM 1.x file')).toContainText('It holds 1 evidence text; each becomes an evidence entry on that day.');
  await page.getByLabel('Date the progress applies from').fill('2021-06-30');
  await page.getByLabel('Date the progress applies from').dispatchEvent('change');
  await expect(page.getByText(/New teams: B/)).toBeVisible();
  await page.getByRole('button', { name: 'Merge into my assessment' }).click();
  await expect(page.getByText(/Imported “generated.yaml” \(merged\): 2 records added.*evidence: 1 new/)).toBeVisible();
  expect(await app.progress(BUILD.uuid)).toEqual({ B: { 'Fully implemented': '2021-06-30' } });
  await page.goto(`#/activity/${BUILD.uuid}`);
  await expect(page.getByText('Jenkinsfile in every repository.')).toBeVisible();
});

test("the reference app's data stored at this address imports through the same previews", async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  await page.evaluate((uuid) => {
    localStorage.setItem('progress', `progress:\n  ${uuid}:\n    "Ref team":\n      "Started": 2024-03-01T00:00:00.000Z\n`);
    localStorage.setItem('meta.teams', 'teams:\n  - "Ref team"');
    localStorage.setItem('meta.teamGroups', 'teamGroups:\n  "Ref group":\n    - "Ref team"\n');
  }, BUILD.uuid);
  await page.goto('#/data');
  const offer = page.getByRole('region', { name: "The reference DSOMM app's data in this browser" });
  await expect(offer).toContainText('(progress, teams)');
  await offer.getByRole('button', { name: "Import the reference app's data" }).click();
  await expect(page.getByRole('heading', { name: "Preview of “the reference app's stored progress”" })).toBeVisible();
  await page.getByRole('button', { name: 'Merge into my assessment' }).click();
  await page.getByRole('button', { name: 'Import the team setup' }).click();
  await expect(page.getByText('Team setup imported.')).toBeVisible();
  expect(await app.progress(BUILD.uuid)).toEqual({ 'Ref team': { Started: '2024-03-01' } });
  expect((await app.storage())['progress']).toContain('Ref team');
});

test('pasted text is recognised like a file', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  await page.goto('#/data');
  await page.getByText("Paste a file's text instead").click();
  await page.getByRole('textbox', { name: 'Text of a file' }).fill('teams:\n  - "Pasted team"\n');
  await page.getByRole('button', { name: 'Read the pasted text' }).click();
  await expect(page.getByRole('heading', { name: 'Preview of “the pasted text”' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Text of a file' }).fill('hello: world\n');
  await page.getByRole('button', { name: 'Read the pasted text' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'The pasted text was not imported.' })).toContainText('“hello”');
});

test('a queued file that cannot be read is reported and the next one is previewed', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  await page.goto('#/data');
  const ok = (team: string) => `progress:\n  ${BUILD.uuid}:\n    "${team}":\n      "Started": 2025-01-10\n`;
  const files = [['a.yaml', ok('First')], ['b.yaml', `progress:\n  ${BUILD.uuid}:\n    "X":\n      "Started": 2025-13-01\n`], ['c.yaml', ok('Third')]];
  const dt = await page.evaluateHandle((fs) => {
    const d = new DataTransfer();
    for (const [n, t] of fs) d.items.add(new File([t], n));
    return d;
  }, files);
  await page.dispatchEvent('.dropzone', 'drop', { dataTransfer: dt });
  // Whichever was read first is shown; the bad one is refused when its turn comes.
  const imported: string[] = [];
  for (let i = 1; i <= 2; i++) {
    const heading = page.getByRole('heading', { name: /^Preview of “[ac].yaml”$/ });
    await expect(heading).toBeVisible();
    const name = (await heading.innerText()).match(/“(.+)”/)![1];
    expect(imported).not.toContain(name);
    imported.push(name);
    await page.getByRole('button', { name: 'Merge into my assessment' }).click();
    // A success takes the place of the one before (one message, not a growing stack).
    await expect(page.getByText(new RegExp(`^Imported “${name.replace('.', '\\.')}” \\(merged\\)`))).toBeVisible();
    await expect(page.getByText(/^Imported “[ac].yaml” \(merged\)/)).toHaveCount(1);
  }
  await expect(page.getByText('“b.yaml” was not imported.').first()).toBeVisible();
  expect(Object.keys((await app.progress(BUILD.uuid)) ?? {}).sort()).toEqual(['First', 'Third']);
});

test('the page leads with the backup of the whole assessment and says how much space it uses as a share', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  await app.toggle(BUILD.name).click();
  await page.goto('#/data');
  // The first action of the page is the backup, styled as the primary one.
  const first = page.getByRole('main').getByRole('button').first();
  await expect(first).toHaveAccessibleName('Download the whole assessment (dsomm-assessment.yaml)');
  await expect(first).toHaveClass(/button--primary/);
  await expect(page.getByRole('main').locator('.button--primary')).toHaveCount(1);
  await expect(page.getByText(/holds everything: the settings with the progress states, teams and groups, progress with its history, evidence/)).toBeVisible();
  await expect(page.getByText(/format version/)).toHaveCount(0);
  const [dl] = await Promise.all([page.waitForEvent('download'), first.click()]);
  expect(dl.suggestedFilename()).toBe('dsomm-assessment.yaml');
  // A share for people; the count behind it in the title.
  const usage = page.locator('#storage-usage');
  await expect(usage).toHaveText(/^Your assessment uses (less than 0\.1|\d+\.\d) % of the space this browser gives the app\.$/);
  await expect(usage).toHaveAttribute('title', /^[\d,]+ of 5,242,880 characters$/);
});

test('previews count in words ("1 evidence entry") and show dates in the chosen date format', async ({ page }) => {
  const app = new App(page);
  await app.openMatrix();
  await page.goto('#/settings');
  await page.getByRole('combobox', { name: 'Dates are shown as' }).selectOption('de');
  const evidence = `evidence:\n  ${BUILD.uuid}:\n    - id: 6f1c1e2a-0b1d-4c1e-9a7b-2d3e4f5a6b7c\n      teams: ["Team A"]\n      title: "Pipeline reviewed"\n      evidenceRecorded: 2025-03-01\n`;
  await app.upload('evidence.yaml', evidence);
  await expect(page.getByRole('heading', { name: 'Preview of “evidence.yaml”' })).toBeVisible();
  await expect(page.getByText('The file holds 1 evidence entry on 1 activity, recorded on 01.03.2025: 1 new entry, 0 changed, 0 unchanged')).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await app.upload('progress.yaml', `progress:\n  ${BUILD.uuid}:\n    "Team A":\n      "Started": 2025-01-10\n      "Partly implemented": 2025-02-01\n`);
  await expect(page.getByText('The file holds 1 team record on 1 activity for 1 team, states reached from 10.01.2025 to 01.02.2025.')).toBeVisible();
  await expect(page.getByText('Merge: 1 record added')).toBeVisible();
});
