import { ApiError, post } from '../api/index.js';
import { useApi, useSession } from '../app/data.js';
import { ErrorSummary, FormProblems, Submit, TextField, useForm } from '../ui/forms.js';
import { Link, Redirect, navigate, useLocation } from '../app/router.js';
import { Failed, Loading, Page, Panel, SummaryList } from '../ui/index.js';

/** Only addresses inside Cairn, so a crafted link cannot send someone elsewhere after signing in. */
const safeNext = (next: string | null) => (next?.startsWith('/') && !next.startsWith('//') ? next : '/');

export function SignIn() {
  const { user, refresh } = useSession();
  const { search } = useLocation();
  const next = safeNext(search.get('next'));
  const justReset = search.get('reset') === 'done';
  const form = useForm(async (v) => {
    const email = v.text('email');
    const password = v.raw('password');
    const missing = [
      ...(email ? [] : [{ field: 'email', message: 'Enter your email address' }]),
      ...(password ? [] : [{ field: 'password', message: 'Enter your password' }]),
    ];
    if (missing.length) throw new FormProblems(missing);
    try {
      await post('/auth/login', { email, password });
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        throw new FormProblems([{ field: 'email', message: 'The email address or password is not right' }]);
      }
      if (err instanceof ApiError && err.status === 429) {
        throw new FormProblems([{ field: '', message: err.message }]);
      }
      throw err;
    }
    await refresh();
    navigate(next);
  });
  if (user && !form.busy) return <Redirect to={next} />;
  return (
    <Page title="Sign in">
      {justReset && (
        <Panel title="Password changed">
          <p>Sign in with your new password. You have been signed out everywhere else.</p>
        </Panel>
      )}
      {/* The page comes prerendered: a press before the script has taken over posts the form, and the server sends the sign-in page back (never the password in an address). */}
      <form method="post" onSubmit={form.onSubmit} noValidate className="narrow">
        <ErrorSummary form={form} />
        <TextField form={form} name="email" label="Email address" type="email" autoComplete="username" spellCheck={false} />
        <TextField form={form} name="password" label="Password" type="password" autoComplete="current-password" />
        <Submit form={form}>Sign in</Submit>
      </form>
      <h2>No account yet?</h2>
      <p>Cairn accounts are by invitation. Ask the administrator of your programme to invite you; they will send you a link.</p>
      <h2>Forgotten your password?</h2>
      <p>Ask the administrator of your programme for a password reset link. They will send it to you; it works once, for 24 hours.</p>
    </Page>
  );
}

interface InvitationInfo {
  email: string;
  name: string;
  expired: boolean;
  accepted: boolean;
}

export function AcceptInvitation({ token }: { token: string }) {
  const { refresh } = useSession();
  const loaded = useApi<InvitationInfo>(`/invitations/${encodeURIComponent(token)}`);
  const form = useForm(async (v) => {
    await post(`/invitations/${encodeURIComponent(token)}/accept`, { name: v.text('name'), password: v.raw('password') });
    await refresh();
    navigate('/');
  });
  if (loaded.state === 'loading') return <Loading what="invitation" />;
  if (loaded.state === 'error') {
    if (loaded.error.status === 404 || loaded.error.status === 422) {
      return (
        <Page title="This invitation link does not work">
          <p>Check that you copied the whole link. If it still does not work, ask your administrator for a new invitation.</p>
        </Page>
      );
    }
    return <Failed error={loaded.error} retry={loaded.reload} />;
  }
  const inv = loaded.data;
  if (inv.accepted) {
    return (
      <Page title="This invitation has been used">
        <p>
          An account already exists for {inv.email}. <Link href="/sign-in">Sign in</Link> instead.
        </p>
      </Page>
    );
  }
  if (inv.expired) {
    return (
      <Page title="This invitation has expired">
        <p>Invitations last 14 days. Ask your administrator to invite {inv.email} again.</p>
      </Page>
    );
  }
  return (
    <Page title="Accept your invitation" heading="Set up your Cairn account">
      <SummaryList rows={[['Email address', inv.email]]} />
      <form onSubmit={form.onSubmit} noValidate className="narrow">
        <ErrorSummary form={form} />
        <input type="hidden" name="username" value={inv.email} autoComplete="username" readOnly />
        <TextField
          form={form}
          name="name"
          label="Your name"
          hint="As colleagues know you; others see it next to your changes."
          autoComplete="name"
          defaultValue={inv.name}
        />
        <TextField
          form={form}
          name="password"
          label="Choose a password"
          hint="10 characters or more"
          type="password"
          autoComplete="new-password"
        />
        <Submit form={form}>Create my account</Submit>
      </form>
    </Page>
  );
}

interface ResetInfo {
  email: string;
  expired: boolean;
  used: boolean;
}

/** The page a password reset link opens: choose a new password, then sign in with it. */
export function ResetPassword({ token }: { token: string }) {
  const loaded = useApi<ResetInfo>(`/password-resets/${encodeURIComponent(token)}`);
  const form = useForm(async (v) => {
    const password = v.raw('password');
    if (!password) throw new FormProblems([{ field: 'password', message: 'Enter a new password' }]);
    await post(`/password-resets/${encodeURIComponent(token)}`, { password });
    navigate('/sign-in?reset=done');
  });
  if (loaded.state === 'loading') return <Loading what="password reset link" />;
  if (loaded.state === 'error') {
    if (loaded.error.status === 404 || loaded.error.status === 422) {
      return (
        <Page title="This password reset link does not work">
          <p>
            Check that you copied the whole link. If it still does not work, ask your administrator for a new one: only the newest link
            works.
          </p>
        </Page>
      );
    }
    return <Failed error={loaded.error} retry={loaded.reload} />;
  }
  const info = loaded.data;
  if (info.used) {
    return (
      <Page title="This password reset link has been used">
        <p>
          Links work once. <Link href="/sign-in">Sign in</Link> with the password you chose, or ask your administrator for a new link.
        </p>
      </Page>
    );
  }
  if (info.expired) {
    return (
      <Page title="This password reset link has expired">
        <p>Links last 24 hours. Ask your administrator for a new one for {info.email}.</p>
      </Page>
    );
  }
  return (
    <Page title="Choose a new password">
      <SummaryList rows={[['Email address', info.email]]} />
      <form onSubmit={form.onSubmit} noValidate className="narrow">
        <ErrorSummary form={form} />
        <input type="hidden" name="username" value={info.email} autoComplete="username" readOnly />
        <TextField
          form={form}
          name="password"
          label="New password"
          hint="10 characters or more. Not a password people often use: three or four random words work well. You will be signed out everywhere else."
          type="password"
          autoComplete="new-password"
        />
        <Submit form={form}>Save new password</Submit>
      </form>
    </Page>
  );
}
