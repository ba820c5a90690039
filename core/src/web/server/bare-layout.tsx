import type { ReactNode } from 'react';
import { usePage } from '@commonplace/sdk/web';

/**
 * The plainest layout: the instance's name and the page. For the kernel's tests, and for a boot given
 * no layout; the instance's look is core/src/web/ui/layout.tsx.
 */
export function BareLayout({ children }: { children?: ReactNode }) {
  const { instanceName } = usePage();
  return (
    <>
      <header>
        <a href="/">{instanceName}</a>
      </header>
      <main id="main">{children}</main>
    </>
  );
}
