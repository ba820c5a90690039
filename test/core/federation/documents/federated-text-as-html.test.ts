import { describe, expect, it } from 'vitest';
import { plainTextAsHtml, plainTextForFederation } from '@commonplace/sdk';
import { renderActorDocument } from '../../../../core/src/federation/documents/actor-document.js';
import { actorUrls } from '../../../../core/src/federation/documents/actor-urls.js';

const SCRIPT = '<script>alert(1)</script>';
const ONERROR = '<img src=x onerror=alert(2)>';

/** Markup a remote server that renders the field as HTML would turn into an element or a handler. */
function expectNoMarkup(text: unknown): void {
  expect(typeof text).toBe('string');
  expect(text).not.toMatch(/<script|<img|<[a-z][^>]*on\w+=/i);
}

describe('text our actors federate, under a <script> and onerror payload', () => {
  const actor = {
    id: 'a1',
    type: 'Person' as const,
    username: 'mallory',
    displayName: `Mallory ${SCRIPT}${ONERROR} & co`,
    summary: `Hi ${ONERROR}\n\nSecond ${SCRIPT} paragraph`,
    avatarUrl: null,
    uri: 'https://commons.example/actors/mallory',
    manuallyApprovesFollowers: false,
    discoverable: true,
    createdAt: new Date('2025-06-01T12:00:00Z'),
    updatedAt: new Date('2025-06-01T12:00:00Z'),
    deletedAt: null,
  };
  const document = renderActorDocument(actor, { rsaPem: null, ed25519Pem: null }, actorUrls('https://commons.example', actor));

  it('sends `name` as plain text without markup (ActivityStreams: no HTML in name), not escaped', () => {
    expectNoMarkup(document.name);
    expect(document.name).toBe('Mallory alert(1) & co');
  });

  it('sends `summary` (HTML in ActivityStreams) as escaped paragraphs', () => {
    expectNoMarkup(document.summary);
    expect(document.summary).toBe('<p>Hi &lt;img src=x onerror=alert(2)&gt;</p><p>Second &lt;script&gt;alert(1)&lt;/script&gt; paragraph</p>');
  });
});

describe('the sdk’s helpers for federated text', () => {
  it('remove anything that could open a tag from plain text, and keep the rest as typed', () => {
    expect(plainTextForFederation('Tom & Jerry <3, a < b')).toBe('Tom & Jerry <3, a < b');
    expect(plainTextForFederation('<scr<script>ipt>x')).not.toMatch(/<[a-z/!?]/i);
    expect(plainTextForFederation('half <img src=x onerror=alert(1)')).not.toMatch(/<[a-z/!?]/i);
    expect(plainTextForFederation('<!-- c --><?php ?></b>')).toBe('');
  });

  it('escape plain text into HTML paragraphs', () => {
    expect(plainTextAsHtml(`a "q" & 'b'\nline\n\npara`)).toBe('<p>a &quot;q&quot; &amp; &#39;b&#39;<br>line</p><p>para</p>');
  });
});
