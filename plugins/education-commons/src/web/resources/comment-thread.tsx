import { CSRF_FIELD, ACTION_FIELD, Form, FormattedDate, SubmitButton, TextArea, usePage, useT } from '@commonplace/sdk/web';
import { actorLabel, type CommentView } from './resource-query.js';

/**
 * The comments on a resource, replies nested under what they answer. Each comment has its own reply
 * form; their fields are written here (not with TextArea) so every id on the page stays unique, and a
 * refused reply shows its reason beside the reply that was being written.
 */
export function CommentThread({ comments, canWrite }: { comments: readonly CommentView[]; canWrite: boolean }) {
  const { t, url } = usePage();
  return (
    <section className="stack" aria-labelledby="comments-title" id="comments">
      <h2 id="comments-title">{t('education-commons.comments.title', { count: comments.length })}</h2>
      {comments.length === 0 ? <p className="muted">{t('education-commons.comments.none')}</p> : null}
      {comments.length > 0 ? (
        <ol className="comment-list">
          {comments.map((comment) => (
            <CommentItem key={comment.id} comment={comment} canWrite={canWrite} />
          ))}
        </ol>
      ) : null}
      {canWrite ? (
        <Form action="comment" className="stack stack--tight">
          <TextArea name="content" label={t('education-commons.comments.add')} required rows={3} />
          <SubmitButton>{t('education-commons.comments.submit')}</SubmitButton>
        </Form>
      ) : (
        <p>
          <a href={`/login?next=${encodeURIComponent(`${url.split('#')[0]}#comments`)}`}>{t('education-commons.comments.logInToComment')}</a>
        </p>
      )}
    </section>
  );
}

function CommentItem({ comment, canWrite }: { comment: CommentView; canWrite: boolean }) {
  const t = useT();
  const replies = comment.replies?.nodes ?? [];
  return (
    <li className="comment" id={`comment-${comment.id}`}>
      <article aria-label={t('education-commons.comments.by', { author: actorLabel(comment.authorUri) })}>
        <p className="comment__meta muted">
          <a href={comment.authorUri}>{actorLabel(comment.authorUri)}</a> · <FormattedDate value={comment.createdAt} />
        </p>
        <p className="comment__content">{comment.deleted ? <em>{t('education-commons.comments.deleted')}</em> : comment.content}</p>
        {canWrite && !comment.deleted ? <ReplyForm comment={comment} /> : null}
      </article>
      {replies.length > 0 ? (
        <ol className="comment-list comment-list--replies">
          {replies.map((reply) => (
            <CommentItem key={reply.id} comment={reply} canWrite={canWrite} />
          ))}
        </ol>
      ) : null}
    </li>
  );
}

/** A reply, behind a disclosure (works without JavaScript); open again after a refusal, with why. */
function ReplyForm({ comment }: { comment: CommentView }) {
  const page = usePage();
  const { t } = page;
  const posted = page.form?.action === 'reply' && page.form.values.inReplyToId === comment.id ? page.form : null;
  const error = posted ? [posted.errors.content, posted.errors.inReplyToId, posted.errors['']].filter(Boolean).join(' ') : '';
  const id = `reply-${comment.id}`;
  return (
    <details className="reply" open={posted !== null}>
      <summary>{t('education-commons.comments.reply')}</summary>
      <form method="post" className="stack stack--tight">
        <input type="hidden" name={CSRF_FIELD} value={page.csrfToken} />
        <input type="hidden" name={ACTION_FIELD} value="reply" />
        <input type="hidden" name="inReplyToId" value={comment.id} />
        <div className={error ? 'field field--invalid' : 'field'}>
          <label className="field__label" htmlFor={id}>
            {t('education-commons.comments.replyTo', { author: actorLabel(comment.authorUri) })}
          </label>
          {error ? (
            <p className="field__error" id={`${id}-error`} role="alert">
              {error}
            </p>
          ) : null}
          <textarea
            className="field__control"
            id={id}
            name="content"
            rows={2}
            required
            defaultValue={posted?.values.content}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
          />
        </div>
        <SubmitButton variant="secondary">{t('education-commons.comments.sendReply')}</SubmitButton>
      </form>
    </details>
  );
}
