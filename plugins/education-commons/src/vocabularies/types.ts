import { Field, ObjectType } from 'type-graphql';
import type { Licence } from './licences.js';

@ObjectType('EducationLicence', { simpleResolvers: true, description: 'A licence from the SPDX list.' })
export class LicenceView {
  @Field(() => String, { description: 'SPDX identifier, e.g. CC-BY-4.0.' })
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  url!: string;

  @Field(() => Boolean, { description: 'Meets the Open Definition (no NonCommercial or NoDerivatives clause).' })
  open!: boolean;

  static from(licence: Licence): LicenceView {
    return Object.assign(new LicenceView(), licence);
  }
}

@ObjectType('EducationTerm', { simpleResolvers: true, description: 'A code from a controlled vocabulary with its name: an ISCED level, an ISCED-F field, an LRMI type.' })
export class TermView {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  name!: string;

  static from(term: { code: string; name: string }): TermView {
    return Object.assign(new TermView(), { code: term.code, name: term.name });
  }
}
