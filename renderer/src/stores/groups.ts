import { create } from 'zustand';
import type { Group, Segment } from '../../../shared/domain/contact';
import { api } from '../api';

interface GroupsState {
  groups: Group[];
  segments: Segment[];
  /** Size of the whole base for the "All contacts" entry; `exact` false means a lower bound. */
  allCount: { total: number; exact: boolean } | null;
  loaded: boolean;
  loadGroups: () => Promise<void>;
  loadSegments: () => Promise<void>;
  loadAllCount: () => Promise<void>;
}

// Each loader keeps only the answer to its latest request, so a slow early answer cannot overwrite a newer one.
let groupsSeq = 0;
let segmentsSeq = 0;
let countSeq = 0;

export const useGroups = create<GroupsState>()((set) => ({
  groups: [],
  segments: [],
  allCount: null,
  loaded: false,

  async loadGroups() {
    const seq = ++groupsSeq;
    const res = await api.groups.list({});
    if (seq === groupsSeq && res.ok) set({ groups: res.value, loaded: true });
  },
  async loadSegments() {
    const seq = ++segmentsSeq;
    const res = await api.segments.list({});
    if (seq === segmentsSeq && res.ok) set({ segments: res.value });
  },
  async loadAllCount() {
    const seq = ++countSeq;
    const res = await api.contacts.list({ offset: 0, limit: 1 });
    if (seq === countSeq && res.ok) set({ allCount: { total: res.value.total, exact: res.value.exact } });
  },
}));

export function groupName(groups: readonly Group[], id: number): string | undefined {
  return groups.find((g) => g.id === id)?.name;
}
