import { emailKey, nameSearchKey, phoneTail } from '../text/normalize';
import { blockKey, nameKey } from './matching';

export interface PersonFields {
  firstName: string | null | undefined;
  lastName: string | null | undefined;
  email: string | null | undefined;
  phoneE164: string | null | undefined;
  phoneRaw: string | null | undefined;
}

/** The search and duplicate-detection columns of a lead, computed from its fields whenever they are written. */
export function leadDerivedFields(p: PersonFields) {
  return { nameSearch: nameSearchKey(p.firstName, p.lastName), emailKey: emailKey(p.email), phoneTail: phoneTail(p.phoneE164, p.phoneRaw) };
}

/** The same for a client, plus the block keys its blocking columns (name_k1..k4) are built from. */
export function clientDerivedFields(p: PersonFields) {
  return { ...leadDerivedFields(p), firstKey: blockKey(nameKey(p.firstName)), lastKey: blockKey(nameKey(p.lastName)) };
}
