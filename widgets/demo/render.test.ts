import { describe, expect, it } from 'vitest';
import { renderDemo } from './render';

describe('renderDemo', () => {
  it('shows every live example’s own markup as code to copy', () => {
    const html = renderDemo(
      `<script src="{{BUNDLE}}"></script>
    <!-- example -->
    <cop-ask community="x" data-demo-token></cop-ask>
    <!-- /example -->`,
      { bundle: '/widgets/cop-widgets.js?v=abc' },
    );
    expect(html).toContain('<script src="/widgets/cop-widgets.js?v=abc"></script>');
    expect(html).toContain('<div class="live">');
    expect(html).toContain('<cop-ask community="x" data-demo-token></cop-ask>');
    expect(html).toContain(
      '<pre class="code"><code>&lt;cop-ask community=&quot;x&quot; token=&quot;EMBED-TOKEN&quot;&gt;&lt;/cop-ask&gt;</code></pre>',
    );
  });
});
