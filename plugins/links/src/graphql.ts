import { Arg, Args, Field, ID, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { ConnectionArgs, ConnectionType, paginate, type Connection } from '@commonplace/sdk';
import type { LinkView } from './link-view.js';
import type { LinksServices } from './services.js';
import type { RemotePageRow } from './tables.js';

@ObjectType('LinksLink', { simpleResolvers: true, description: 'A link a person here saved: a URL, a title and a note.' })
export class LinksLink implements LinkView {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'Its ActivityPub id (a Page).' })
  uri!: string;

  @Field(() => String)
  url!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String)
  note!: string;

  @Field(() => String, { description: 'The ActivityPub id of the person who saved it.' })
  ownerUri!: string;

  @Field(() => Int, { description: 'Likes from other servers.' })
  likeCount!: number;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  updatedAt!: Date;
}

@ObjectType('LinksLinkConnection', { simpleResolvers: true })
export class LinksLinkConnection extends ConnectionType(() => LinksLink, 'LinksLink') {}

@ObjectType('LinksRemoteLink', { simpleResolvers: true, description: 'A link saved on another server by someone followed here.' })
export class LinksRemoteLink {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  uri!: string;

  @Field(() => String)
  url!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String)
  note!: string;

  @Field(() => String)
  attributedTo!: string;
}

@ObjectType('LinksRemoteLinkConnection', { simpleResolvers: true })
export class LinksRemoteLinkConnection extends ConnectionType(() => LinksRemoteLink, 'LinksRemoteLink') {}

@InputType('LinksSaveLinkInput')
export class LinksSaveLinkInput {
  @Field(() => String)
  url!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String, { nullable: true })
  note?: string | null;
}

@InputType('LinksEditLinkInput', { description: 'Fields left out stay as they are.' })
export class LinksEditLinkInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  url?: string | null;

  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => String, { nullable: true })
  note?: string | null;
}

@Resolver(() => LinksLink)
export class LinksResolver {
  constructor(private readonly services: LinksServices) {}

  @Query(() => LinksLink, { nullable: true, description: 'A link, or null when there is none (or it was deleted).' })
  link(@Arg('id', () => ID) id: string): Promise<LinkView | null> {
    return this.services.links.byId(id);
  }

  @Query(() => LinksLinkConnection, { description: "The viewer's links, newest first." })
  myLinks(@Args(() => ConnectionArgs) args: ConnectionArgs): Promise<Connection<LinkView>> {
    return this.services.links.mine(args);
  }

  @Query(() => LinksLinkConnection, { description: "A local person's links, newest first (links are public); empty when there is no such person." })
  linksOf(@Arg('username', () => String) username: string, @Args(() => ConnectionArgs) args: ConnectionArgs): Promise<Connection<LinkView>> {
    return this.services.links.ofPerson(username, args);
  }

  @Query(() => LinksRemoteLinkConnection, { description: 'Links from other servers, by people followed here, newest first.' })
  async remoteLinks(@Args(() => ConnectionArgs) args: ConnectionArgs): Promise<Connection<LinksRemoteLink>> {
    const page = await paginate(this.services.db.selectFrom('links_remote_pages').selectAll(), {
      first: args.first,
      after: args.after,
      limits: this.services.config.pageLimits,
      sortColumn: 'received_at',
      sortType: 'timestamp',
      idColumn: 'id',
      idType: 'uuid',
      direction: 'desc',
      keyOf: (row) => ({ sort: row.received_at, id: row.id }),
    });
    const edges = page.edges.map((edge) => ({ cursor: edge.cursor, node: remoteLinkOf(edge.node) }));
    return { edges, nodes: edges.map((edge) => edge.node), pageInfo: page.pageInfo };
  }

  @Mutation(() => LinksLink, { description: 'Saves a link and shares it with your followers.' })
  saveLink(@Arg('input', () => LinksSaveLinkInput) input: LinksSaveLinkInput): Promise<LinkView> {
    return this.services.links.save(input);
  }

  @Mutation(() => LinksLink, { description: 'Changes one of your links; your followers get the edit.' })
  editLink(@Arg('input', () => LinksEditLinkInput) input: LinksEditLinkInput): Promise<LinkView> {
    return this.services.links.edit(input.id, input);
  }

  @Mutation(() => Boolean, { description: 'Deletes one of your links; your followers get the Delete.' })
  async deleteLink(@Arg('id', () => ID) id: string): Promise<boolean> {
    await this.services.links.delete(id);
    return true;
  }
}

function remoteLinkOf(row: RemotePageRow): LinksRemoteLink {
  return { id: row.id, uri: row.uri, url: row.url, title: row.title, note: row.note, attributedTo: row.attributed_to };
}
