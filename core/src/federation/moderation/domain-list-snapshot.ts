import { Snapshot } from '../../runtime/snapshot.js';
import { domainCandidates } from './domain-candidates.js';

/**
 * A whole table of domains (the blocks, the allow-list) held in memory for a short time, so the inbox
 * checks each activity's host without a query. The tables are small (an instance blocks hundreds of
 * domains, rarely tens of thousands). Changes made in this process call `invalidate`; other
 * processes see them once the snapshot is older than `seconds` (0: no snapshot, always read).
 */
export class DomainListSnapshot<Row extends { domain: string }> {
  private readonly snapshot: Snapshot<Map<string, Row>>;

  constructor(load: () => Promise<Row[]>, seconds: number) {
    this.snapshot = new Snapshot(async () => new Map((await load()).map((row) => [row.domain, row])), seconds);
  }

  /** The most specific row covering the host (itself, without its port, or a parent domain), or null. */
  async covering(host: string): Promise<Row | null> {
    const rows = await this.snapshot.get();
    const matches = domainCandidates(host)
      .map((candidate) => rows.get(candidate))
      .filter((row): row is Row => row !== undefined);
    matches.sort((a, b) => b.domain.length - a.domain.length);
    return matches[0] ?? null;
  }

  invalidate(): void {
    this.snapshot.invalidate();
  }
}
