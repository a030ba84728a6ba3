"""The e-paper (数字报): checking a page's uploads, saving its 热区, and
filling editions and pages from an imported page's header."""
