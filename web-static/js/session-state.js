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
    jobs: Array.isArray(snapshot.jobs) ? [...snapshot.jobs] : [],
    policies: Array.isArray(snapshot.policies) ? [...snapshot.policies] : [],
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
