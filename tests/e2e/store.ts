// The schema-3 storage values, read and written independently of the app (an oracle for
// the flows, and a way to seed storage as another tab would): see src/domain/storage/codec.rs.

export const PROGRESS = (uuid: string) => `dsomm.v3.progress.${uuid}`;
export const TEAMS = 'dsomm.v3.teams';

const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_.';
const DAY = 86_400_000;
const EPOCH = Date.UTC(1900, 0, 1);
/** Days from 0001-01-01 to 1900-01-01. */
const EPOCH_DAYS = 693_595;

export type Entry = { state: string; reached: boolean; date: string; recorded: string | null };
export type Dates = Record<string, Record<string, string>>;

function day(days: number): string {
  return new Date(EPOCH + days * DAY).toISOString().slice(0, 10);
}

function digits(s: string): number {
  return [...s].reduce((v, c) => v * 64 + DIGITS.indexOf(c), 0);
}

/** id → team name, from the stored team table (the default teams when none is stored). */
export function teamNames(table?: string): Map<string, string> {
  if (!table) return new Map(['Team A', 'Team B', 'Team C', 'Team D'].map((n, i) => [String(i), n]));
  const t = JSON.parse(table);
  return new Map([...t.teams, ...(t.gone ?? [])].map(([id, name]: [string, string]) => [id, name]));
}

/** Every team's history in one stored progress value. */
export function readHistory(raw: string, table?: string): Record<string, Entry[]> {
  const names = teamNames(table);
  let depth = 0;
  let inString = false;
  let end = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) { end = i + 1; break; }
  }
  const states: string[] = JSON.parse(raw.slice(0, end));
  const out: Record<string, Entry[]> = {};
  for (const team of raw.slice(end).split(' ').slice(1)) {
    const id = team.match(/^[0-9a-z]+/)![0];
    const entries: Entry[] = [];
    let i = id.length;
    const date = () => {
      if (team[i] === '!') { const v = digits(team.slice(i + 1, i + 5)); i += 5; return day(v - EPOCH_DAYS); }
      const v = digits(team.slice(i, i + 3)); i += 3; return day(v);
    };
    while (i < team.length) {
      if (team[i] === '+') i++; // part of the same change as the entry before
      const reached = team[i] !== '-';
      if (!reached) i++;
      let code: number;
      if (team[i] === '*') { code = 26 + digits(team.slice(i + 1, i + 3)); i += 3; } else { code = team.charCodeAt(i) - 65; i++; }
      const d = date();
      let recorded: string | null = d;
      if (team[i] === '?') { recorded = null; i++; } else if (team[i] === '~') { i++; recorded = date(); }
      entries.push({ state: states[code], reached, date: d, recorded });
    }
    out[names.get(id) ?? `#${id}`] = entries;
  }
  return out;
}

/** The dates each team holds (the reference format), from a stored progress value. */
export function readDates(raw: string, table?: string): Dates {
  const out: Dates = {};
  for (const [team, entries] of Object.entries(readHistory(raw, table))) {
    const dates: Record<string, string> = {};
    for (const e of entries) {
      if (e.reached) dates[e.state] ??= e.date;
      else delete dates[e.state];
    }
    if (Object.keys(dates).length) out[team] = dates;
  }
  return out;
}

function encodeDate(iso: string): string {
  const v = Math.round((Date.parse(iso) - EPOCH) / DAY);
  return [2, 1, 0].map((k) => DIGITS[(v >> (6 * k)) & 63]).join('');
}

/** A stored progress value with these dates (each reached, recorded on a day not known),
 * for the default teams or the team table given. */
export function writeDates(dates: Dates, table?: string): string {
  const ids = new Map([...teamNames(table)].map(([id, name]) => [name, id]));
  const states: string[] = [];
  let body = '';
  for (const [team, held] of Object.entries(dates)) {
    body += ' ' + ids.get(team)!;
    for (const [state, date] of Object.entries(held).sort((a, b) => a[1].localeCompare(b[1]))) {
      if (!states.includes(state)) states.push(state);
      body += String.fromCharCode(65 + states.indexOf(state)) + encodeDate(date) + '?';
    }
  }
  return JSON.stringify(states) + body;
}
