// Daigang — session-state.js
// The client-side copy of a session, rebuilt from every `welcome` snapshot and kept current by
// broadcasts. Shared by the viewer page and the host console.

/** The server keeps this many announcements in a snapshot; clients keep as many. */
export const MAX_ANNOUNCEMENTS = 20;

/** A session state from a `welcome.snapshot` (missing fields get safe defaults). */
export function fromSnapshot(snapshot) {
  return {
    id: snapshot.id,
    title: snapshot.title ?? '',
    host: snapshot.host ?? '',
    description: snapshot.description ?? '',
    status: snapshot.status ?? '',
    // A compact welcome (hello `catalog: "http"`) carries only the pinned job and shown policy.
    jobs: Array.isArray(snapshot.jobs) ? [...snapshot.jobs] : snapshot.pinnedJob ? [snapshot.pinnedJob] : [],
    policies: Array.isArray(snapshot.policies) ? [...snapshot.policies] : snapshot.shownPolicy ? [snapshot.shownPolicy] : [],
    jobCount: Array.isArray(snapshot.jobs) ? snapshot.jobs.length : snapshot.jobCount ?? 0,
    pinnedJobId: snapshot.pinnedJobId ?? null,
    shownPolicyId: snapshot.shownPolicyId ?? null,
    announcements: Array.isArray(snapshot.announcements) ? snapshot.announcements.slice(-MAX_ANNOUNCEMENTS) : [],
    counters: { online: 0, applications: 0, queue: 0, ...(snapshot.counters ?? {}) },
    queuePaused: Boolean(snapshot.queuePaused),
  };
}

/** Replaces the item with the same id, or appends it. */
export function upsert(list, item) {
  const index = list.findIndex((existing) => existing.id === item.id);
  if (index >= 0) list[index] = item;
  else list.push(item);
}

/** A session's life, in order (PROTOCOL.md "Session lifecycle"). */
export const STATUSES = ['scheduled', 'live', 'ended', 'closed'];

/**
 * Whether a session may go from `from` to `to` (as the server judges it): forward only, except
 * that an ended stream may go live again; a closed session stays closed. An unknown status
 * (a newer server) allows everything: the server decides.
 */
export function statusAllows(from, to) {
  const a = STATUSES.indexOf(from);
  const b = STATUSES.indexOf(to);
  if (a < 0 || b < 0) return true;
  if (from === 'closed') return to === 'closed';
  if (from === 'ended' && to === 'live') return true;
  return b >= a;
}

/**
 * `job_withdrawn`: the job leaves the session, and the pin with it when it was pinned (the
 * server sends no separate `job_pinned`). Returns whether the job was known.
 */
export function withdrawJob(session, jobId) {
  const before = session.jobs.length;
  session.jobs = session.jobs.filter((job) => job.id !== jobId);
  if (session.pinnedJobId === jobId) session.pinnedJobId = null;
  return session.jobs.length !== before;
}

/**
 * `policy_withdrawn`: the policy leaves the session, and the screen with it when it was shown
 * (no separate `policy_shown` follows). Returns whether the policy was known.
 */
export function withdrawPolicy(session, policyId) {
  const before = session.policies.length;
  session.policies = session.policies.filter((policy) => policy.id !== policyId);
  if (session.shownPolicyId === policyId) session.shownPolicyId = null;
  return session.policies.length !== before;
}
