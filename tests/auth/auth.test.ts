import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app';
import { lockoutSeconds } from '../../src-main/auth/password';

let t: TestApp;
afterEach(() => t?.close());

/** A clock the test moves by hand. */
function manualClock(start = Date.parse('2026-11-25T09:00:00+08:00')) {
  let ms = start;
  return { now: () => new Date(ms), advance: (s: number) => (ms += s * 1000) };
}

const audits = (t: TestApp, action: string) =>
  t.db.sqlite.prepare(`SELECT outcome, error_code AS code FROM audit_log WHERE action = ? ORDER BY id`).all(action) as { outcome: string; code: string | null }[];

describe('login', () => {
  it('gives a session with role, branch, scope and permissions', async () => {
    t = await makeTestApp();
    const s = await t.ok('c1', 'auth.login', { login: '  AM1 ', password: TEST_PASSWORD });
    expect(s.user).toMatchObject({ login: 'am1', role: 'account_manager', branchName: '上海浦东营业部', orgKind: 'branch' });
    expect(s.scope).toBe('own');
    expect(s.permissions).toContain('customers.read');
    expect(s.permissions).not.toContain('users.manage');
    expect(audits(t, 'auth.login')).toEqual([{ outcome: 'ok', code: null }]);
  });

  it('an unknown login and a wrong password give the same error', async () => {
    t = await makeTestApp();
    const a = await t.call('c1', 'auth.login', { login: 'nobody', password: 'x' });
    const b = await t.call('c1', 'auth.login', { login: 'am1', password: 'wrong-password1' });
    expect(a.ok ? null : a.error.code).toBe('BAD_CREDENTIALS');
    expect(b.ok ? null : b.error.code).toBe('BAD_CREDENTIALS');
    expect(audits(t, 'auth.login')).toEqual([
      { outcome: 'failed', code: 'BAD_CREDENTIALS' },
      { outcome: 'failed', code: 'BAD_CREDENTIALS' },
    ]);
  });

  it('locks the account after 5 failures with a doubling wait, and the right password does not bypass it', async () => {
    const clock = manualClock();
    t = await makeTestApp({ now: clock.now });
    for (let i = 1; i <= 4; i++) {
      const r = await t.call('c1', 'auth.login', { login: 'am1', password: 'wrong-password1' });
      // No attempts-left count at login: it would reveal that the login exists.
      expect(r.ok ? null : r.error).toEqual({ code: 'BAD_CREDENTIALS', message: 'error.BAD_CREDENTIALS' });
    }
    const fifth = await t.call('c1', 'auth.login', { login: 'am1', password: 'wrong-password1' });
    expect(fifth.ok ? null : fifth.error).toEqual({ code: 'LOCKED_OUT', message: 'error.LOCKED_OUT', params: { seconds: 30 } });
    // While locked, the right password and a wrong one get the same answer: no oracle.
    const during = await t.call('c1', 'auth.login', { login: 'am1', password: TEST_PASSWORD });
    const wrongDuring = await t.call('c1', 'auth.login', { login: 'am1', password: 'wrong-password2' });
    expect([during, wrongDuring].map((r) => (r.ok ? null : r.error))).toEqual([
      { code: 'LOCKED_OUT', message: 'error.LOCKED_OUT', params: { seconds: 30 } },
      { code: 'LOCKED_OUT', message: 'error.LOCKED_OUT', params: { seconds: 30 } },
    ]);
    clock.advance(31);
    const sixth = await t.call('c1', 'auth.login', { login: 'am1', password: 'wrong-password1' });
    expect(sixth.ok ? null : sixth.error.params).toEqual({ seconds: 60 });
    clock.advance(61);
    await t.ok('c1', 'auth.login', { login: 'am1', password: TEST_PASSWORD });
    expect(t.db.sqlite.prepare(`SELECT failures, locked_until FROM login_throttle WHERE user_id = ?`).get(t.users.am1!.id)).toEqual({ failures: 0, locked_until: null });
    expect(audits(t, 'auth.lockout').length).toBe(2);
  });

  it('a login nobody has locks out as a real one does, so a lockout does not tell which logins exist', async () => {
    const clock = manualClock();
    t = await makeTestApp({ now: clock.now });
    const answers = async (login: string) => {
      const out: unknown[] = [];
      for (let i = 1; i <= 6; i++) {
        const r = await t.call('c1', 'auth.login', { login, password: `wrong-password${i}` });
        out.push(r.ok ? null : r.error);
      }
      return out;
    };
    expect(await answers('nobody.here')).toEqual(await answers('am1'));
    clock.advance(31);
    const again = await t.call('c1', 'auth.login', { login: 'nobody.here', password: 'wrong-password7' });
    expect(again.ok ? null : again.error.params).toEqual({ seconds: 60 });
  });

  it('backoff doubles up to an hour', () => {
    expect([4, 5, 6, 7, 10, 20].map(lockoutSeconds)).toEqual([0, 30, 60, 120, 960, 3600]);
  });

  it('a disabled account cannot sign in, and its open session ends at the next call', async () => {
    t = await makeTestApp();
    const am = await t.login('am1');
    const admin = await t.login('admin');
    await t.ok(admin, 'users.setStatus', { userId: t.users.am1!.id, status: 'disabled' });
    const next = await t.call(am, 'customers.list', {});
    expect(next.ok ? null : next.error.code).toBe('UNAUTHENTICATED');
    const again = await t.call('c2', 'auth.login', { login: 'am1', password: TEST_PASSWORD });
    expect(again.ok ? null : again.error.code).toBe('ACCOUNT_DISABLED');
  });

  it('logout ends the session and is audited', async () => {
    t = await makeTestApp();
    const c = await t.login('am1');
    await t.ok(c, 'auth.logout', {});
    const r = await t.call(c, 'customers.list', {});
    expect(r.ok ? null : r.error.code).toBe('UNAUTHENTICATED');
    expect(audits(t, 'auth.logout')).toEqual([{ outcome: 'ok', code: null }]);
  });
});

describe('lock', () => {
  it('locks after the idle time (activity: changes and the renderer\'s heartbeat, not reads); only unlock, logout and status work while locked', async () => {
    const clock = manualClock();
    t = await makeTestApp({ now: clock.now });
    const c = await t.login('am1');
    clock.advance(9 * 60);
    await t.ok(c, 'auth.touch', {});
    // Main allows a minute more than the renderer, whose heartbeat comes at most once a minute.
    clock.advance(10 * 60 + 30);
    // A read (a screen polling, say) keeps nothing open.
    await t.ok(c, 'customers.list', {});
    clock.advance(31);
    const r = await t.call(c, 'customers.list', {});
    expect(r.ok ? null : r.error.code).toBe('SESSION_LOCKED');
    expect(t.db.sqlite.prepare(`SELECT detail FROM audit_log WHERE action = 'auth.lock'`).get()).toEqual({ detail: '{"reason":"idle"}' });
    const status = await t.ok(c, 'auth.status', {});
    expect(status.session?.locked).toBe(true);
    const wrong = await t.call(c, 'auth.unlock', { password: 'nope-nope-1' });
    expect(wrong.ok ? null : wrong.error.code).toBe('BAD_CREDENTIALS');
    const s = await t.ok(c, 'auth.unlock', { password: TEST_PASSWORD });
    expect(s.locked).toBe(false);
    await t.ok(c, 'customers.list', {});
  });

  it('the user can lock by hand; the lock is audited and pushed as an event', async () => {
    t = await makeTestApp();
    const c = await t.login('am1');
    const events: string[] = [];
    t.app.events.subscribe(c, (name) => events.push(name));
    await t.ok(c, 'auth.lock', { reason: 'user' });
    expect(events).toEqual(['session.locked']);
    expect((await t.call(c, 'customers.list', {})).ok).toBe(false);
    expect(audits(t, 'auth.lock')).toEqual([{ outcome: 'ok', code: null }]);
  });

  it('five wrong passwords on the lock screen end the session', async () => {
    const clock = manualClock();
    t = await makeTestApp({ now: clock.now });
    const c = await t.login('am1');
    await t.ok(c, 'auth.lock', { reason: 'user' });
    for (let i = 0; i < 5; i++) await t.call(c, 'auth.unlock', { password: 'nope-nope-1' });
    const r = await t.call(c, 'auth.unlock', { password: TEST_PASSWORD });
    expect(r.ok ? null : r.error.code).toBe('UNAUTHENTICATED');
  });
});

describe('passwords and first run', () => {
  it('change password needs the current one and enforces the policy', async () => {
    t = await makeTestApp();
    const c = await t.login('am1');
    const weak = await t.call(c, 'auth.changePassword', { currentPassword: TEST_PASSWORD, newPassword: 'short' });
    expect(weak.ok ? null : weak.error.issues?.[0]?.message).toBe('validation.password.tooShort');
    const noDigit = await t.call(c, 'auth.changePassword', { currentPassword: TEST_PASSWORD, newPassword: 'onlyletters' });
    expect(noDigit.ok ? null : noDigit.error.issues?.[0]?.message).toBe('validation.password.weak');
    const wrong = await t.call(c, 'auth.changePassword', { currentPassword: 'not-it-123', newPassword: 'NewPassw0rd!' });
    expect(wrong.ok ? null : wrong.error.code).toBe('BAD_CREDENTIALS');
    await t.ok(c, 'auth.changePassword', { currentPassword: TEST_PASSWORD, newPassword: 'NewPassw0rd!' });
    await t.ok('c2', 'auth.login', { login: 'am1', password: 'NewPassw0rd!' });
    const history = t.db.sqlite.prepare(`SELECT old_value, new_value FROM history WHERE col = 'password_hash'`).all();
    expect(history).toEqual([{ old_value: '"[redacted]"', new_value: '"[redacted]"' }]);
  });

  it('a reset password must be changed at next login, and opens nothing else until it is; the reset ends the sessions the old one opened', async () => {
    t = await makeTestApp();
    const before = await t.login('am1', 'c-old');
    const admin = await t.login('admin');
    await t.ok(admin, 'users.resetPassword', { userId: t.users.am1!.id, newPassword: 'Temp-pass-2026' });
    const old = await t.call(before, 'customers.list', {});
    expect(old.ok ? null : old.error.code).toBe('UNAUTHENTICATED');
    const s = await t.ok('c9', 'auth.login', { login: 'am1', password: 'Temp-pass-2026' });
    expect(s.mustChangePassword).toBe(true);
    const list = await t.call('c9', 'customers.list', {});
    expect(list.ok ? null : [list.error.code, list.error.message]).toEqual(['FORBIDDEN', 'error.auth.mustChangePassword']);
    expect(audits(t, 'customers.list')).toEqual([{ outcome: 'denied', code: 'FORBIDDEN' }]);
    await t.ok('c9', 'auth.touch', {});
    await t.ok('c9', 'auth.changePassword', { currentPassword: 'Temp-pass-2026', newPassword: 'Mine-pass-2026' });
    expect((await t.ok('c9', 'customers.list', {})).rows).toEqual([]);
  });

  it("a password change ends the user's other sessions, not the one that changed it", async () => {
    t = await makeTestApp();
    const one = await t.login('am1', 'window-1');
    const two = await t.login('am1', 'window-2');
    const other = await t.login('am1b');
    await t.ok(one, 'auth.changePassword', { currentPassword: TEST_PASSWORD, newPassword: 'NewPassw0rd!' });
    expect((await t.call(two, 'customers.list', {})).ok).toBe(false);
    expect((await t.call(one, 'customers.list', {})).ok).toBe(true);
    expect((await t.call(other, 'customers.list', {})).ok).toBe(true);
  });

  it('a password change in an open window is refused while the account is locked out, and guessing there ends the window', async () => {
    t = await makeTestApp();
    const c = await t.login('am1');
    for (let i = 1; i <= 4; i++) {
      const r = await t.call(c, 'auth.changePassword', { currentPassword: `wrong-${i}-pass`, newPassword: 'NewPassw0rd!' });
      expect(r.ok ? null : r.error.code).toBe('BAD_CREDENTIALS');
    }
    const fifth = await t.call(c, 'auth.changePassword', { currentPassword: 'wrong-5-pass', newPassword: 'NewPassw0rd!' });
    expect(fifth.ok ? null : fifth.error.code).toBe('LOCKED_OUT');
    const after = await t.call(c, 'customers.list', {});
    expect(after.ok ? null : after.error.code).toBe('UNAUTHENTICATED');
    const c2 = await t.login('admin');
    void c2;
    // Signed in again elsewhere before the lock ends? The lock stands there too.
    t.db.sqlite.prepare(`UPDATE login_throttle SET locked_until = ? WHERE user_id = ?`).run(new Date(Date.now() + 60_000).toISOString(), t.users.am1!.id);
    t.app.sessions.start('sneaky', t.users.am1!.id, Date.now());
    const locked = await t.call('sneaky', 'auth.changePassword', { currentPassword: TEST_PASSWORD, newPassword: 'NewPassw0rd!' });
    expect(locked.ok ? null : locked.error.code).toBe('LOCKED_OUT');
  });

  it("a window's file handles go with its session: the next user signed in there cannot use them", async () => {
    t = await makeTestApp();
    await t.login('op1', 'window');
    const { handle } = t.app.files.issue('window', t.file, 'read');
    expect(t.app.files.resolve(handle, 'window', 'read').path).toBe(t.file);
    await t.ok('window', 'auth.logout', {});
    await t.login('am1', 'window');
    expect(() => t.app.files.resolve(handle, 'window', 'read')).toThrow(/unknownHandle/);
  });

  it('an unknown login is audited without the text typed (it may be a password)', async () => {
    t = await makeTestApp();
    await t.call('c1', 'auth.login', { login: 'Secret-Pass-123', password: 'x' });
    expect(JSON.stringify(t.db.sqlite.prepare(`SELECT * FROM audit_log WHERE action = 'auth.login'`).all())).not.toContain('secret-pass-123');
  });

  it('first-run set-up creates HQ and the admin once, and never again', async () => {
    t = await makeTestApp();
    t.db.sqlite.exec(`DELETE FROM login_throttle; DELETE FROM sessions; DELETE FROM audit_log;`);
    t.db.sqlite.exec(`DROP TRIGGER bd_cap_users_del; DELETE FROM users;`);
    const st = await t.ok('c1', 'auth.status', {});
    expect(st).toEqual({ needsSetup: true, session: null });
    const s = await t.ok('c1', 'auth.setupAdmin', { hqName: '某某证券总部', login: 'root.admin', displayName: '管理员', password: 'Setup-pass-2026' });
    expect(s.user).toMatchObject({ role: 'admin', orgKind: 'hq' });
    const again = await t.call('c2', 'auth.setupAdmin', { hqName: 'X', login: 'evil', displayName: 'E', password: 'Setup-pass-2026' });
    expect(again.ok ? null : again.error.code).toBe('SETUP_DONE');
  });
});
