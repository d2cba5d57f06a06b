import type { Handlers } from '../app/context';
import type { InboxQuery } from './inbox-query';

export function leadHandlers(inbox: InboxQuery): Pick<Handlers, 'leads.list' | 'leads.counts'> {
  return {
    'leads.list': (args) => inbox.page(args),
    'leads.counts': () => inbox.counts(),
  };
}
