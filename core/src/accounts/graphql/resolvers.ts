import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { Cost, requireViewer, type GraphQLContext } from '@commonplace/sdk';
import {
  CreateInviteInput,
  DeleteAccountInput,
  Invite,
  LogInInput,
  LogInPayload,
  Me,
  Person,
  SetRoleInput,
  SetRolePayload,
  SignUpInput,
  SignUpPayload,
  UpdateProfileInput,
  type RoleValue,
} from './types.js';
import type { RequestOrigin } from '../accounts-service.js';
import type { CoreServices } from '../../container/core-cradle.js';

/** An argon2 hash or check takes tens of milliseconds of a core: a tenth of graphql.maxCost by default. */
const PASSWORD_CHECK_COST = 1_000;

/** The client's address, and the request itself: password checks in one request count together. */
function originOf(context: GraphQLContext): RequestOrigin {
  return { address: context.ip, request: context };
}

/**
 * Thin: each resolver hands its input and the viewer to the accounts service, which validates and
 * checks permissions, and turns records into GraphQL objects.
 */
@Resolver()
export class SessionResolver {
  constructor(private readonly services: CoreServices) {}

  // A password hash and two key pairs: the dearest field there is (graphql.maxPasswordChecksPerRequest).
  @Cost(PASSWORD_CHECK_COST, { passwordCheck: true })
  @Mutation(() => SignUpPayload, { description: 'Makes an account and its Person, and logs in.' })
  async signUp(@Arg('input', () => SignUpInput) input: SignUpInput, @Ctx() context: GraphQLContext): Promise<SignUpPayload> {
    const grant = await this.services.accounts.signUp(input, originOf(context));
    return { token: grant.token, actor: Person.from(grant.actor) };
  }

  @Cost(PASSWORD_CHECK_COST, { passwordCheck: true })
  @Mutation(() => LogInPayload, { description: 'Logs in with a username or email address and the password.' })
  async logIn(@Arg('input', () => LogInInput) input: LogInInput, @Ctx() context: GraphQLContext): Promise<LogInPayload> {
    const grant = await this.services.accounts.logIn(input, originOf(context));
    return { token: grant.token, actor: Person.from(grant.actor) };
  }

  @Mutation(() => Boolean, { description: 'Ends the session of the token this request carries.' })
  async logOut(@Ctx() context: GraphQLContext): Promise<boolean> {
    await this.services.accounts.logOut(requireViewer(context));
    return true;
  }
}

@Resolver()
export class MeResolver {
  constructor(private readonly services: CoreServices) {}

  @Query(() => Me, { nullable: true, description: 'The logged-in account; null when anonymous.' })
  async me(@Ctx() context: GraphQLContext): Promise<Me | null> {
    if (!context.viewer) return null;
    const view = await this.services.accounts.account(context.viewer);
    return view ? Me.from(view) : null;
  }

  @Mutation(() => Person)
  async updateProfile(
    @Arg('input', () => UpdateProfileInput) input: UpdateProfileInput,
    @Ctx() context: GraphQLContext,
  ): Promise<Person> {
    return Person.from(await this.services.accounts.updateProfile(requireViewer(context), input));
  }

  @Cost(PASSWORD_CHECK_COST, { passwordCheck: true })
  @Mutation(() => Boolean, { description: 'Deletes the account for good; the username stays reserved.' })
  async deleteAccount(
    @Arg('input', () => DeleteAccountInput) input: DeleteAccountInput,
    @Ctx() context: GraphQLContext,
  ): Promise<boolean> {
    await this.services.accounts.deleteAccount(requireViewer(context), input, originOf(context));
    return true;
  }
}

@Resolver()
export class StaffResolver {
  constructor(private readonly services: CoreServices) {}

  @Mutation(() => SetRolePayload, { description: 'Admins only.' })
  async setRole(@Arg('input', () => SetRoleInput) input: SetRoleInput, @Ctx() context: GraphQLContext): Promise<SetRolePayload> {
    const view = await this.services.accounts.setRole(context.viewer, { username: input.username, role: input.role });
    return { actor: Person.from(view.actor), role: view.role as RoleValue };
  }

  @Mutation(() => Invite, { description: 'Moderators and admins. The code is shown once.' })
  async createInvite(
    @Arg('input', () => CreateInviteInput, { nullable: true }) input: CreateInviteInput | null | undefined,
    @Ctx() context: GraphQLContext,
  ): Promise<Invite> {
    const invite = await this.services.accounts.createInvite(context.viewer, input ?? {});
    return { code: invite.code, expiresAt: invite.expiresAt, maxUses: invite.maxUses };
  }
}

@Resolver()
export class ActorLookupResolver {
  constructor(private readonly services: CoreServices) {}

  @Query(() => Person, { nullable: true, description: 'A Person by username (`alice`, or `alice@example.org` for a remote one).' })
  async actor(@Arg('username', () => String) username: string): Promise<Person | null> {
    const record = await this.services.actors.byUsername(username);
    return record?.type === 'Person' ? Person.from(record) : null;
  }
}

export const accountsResolvers = [SessionResolver, MeResolver, StaffResolver, ActorLookupResolver];
