"""Drawing: colours and plots (``plotting``), networks (``netdraw``), computation graphs
(``graphs``), and the live-widget + static-HTML bundle the chapters display (``display``)."""
