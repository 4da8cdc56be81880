/** The console's styles: readable at phone width, visible focus, state colours with text beside them. */
export const CONSOLE_CSS = `
:root { font-family: system-ui, sans-serif; color: #1b1f24; background: #f6f7f9; }
body { margin: 0; }
a { color: #0b57d0; }
:focus-visible { outline: 3px solid #f29900; outline-offset: 2px; }
.top { display: flex; justify-content: space-between; align-items: center; padding: .75rem 1rem; background: #fff; border-bottom: 1px solid #dde1e6; }
.brand { font-weight: 700; text-decoration: none; color: inherit; }
main { padding: 1rem; max-width: 1200px; margin: 0 auto; }
.muted { color: #5f6b7a; font-size: .9rem; }
.error { color: #b3261e; }
.row { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
.chips { display: flex; flex-wrap: wrap; gap: .5rem; margin-bottom: 1rem; }
.chip { border: 1px solid #c4cad3; background: #fff; border-radius: 999px; padding: .3rem .8rem; cursor: pointer; font: inherit; }
.chip[aria-pressed="true"] { background: #1b1f24; color: #fff; }
.filters { display: grid; grid-template-columns: 2fr 1fr 1fr; gap: .5rem; margin-bottom: 1rem; }
.filters input, .filters select { font: inherit; padding: .4rem; border: 1px solid #c4cad3; border-radius: 6px; }
table { width: 100%; border-collapse: collapse; background: #fff; }
th, td { text-align: left; padding: .5rem; border-bottom: 1px solid #eceff3; vertical-align: top; }
th { font-size: .8rem; text-transform: uppercase; color: #5f6b7a; }
.badge { display: inline-block; padding: .1rem .5rem; border-radius: 6px; font-size: .85rem; font-weight: 600; white-space: nowrap; }
.badge.healthy { background: #e6f4ea; color: #137333; }
.badge.initial_sync { background: #e8f0fe; color: #1a56c4; }
.badge.delayed { background: #fef7e0; color: #8a5300; }
.badge.relink_needed { background: #fce8e6; color: #a50e0e; }
.badge.failing { background: #fce8e6; color: #a50e0e; }
.badge.paused { background: #f1f3f4; color: #3c4043; }
.badge.deleted { background: #f1f3f4; color: #5f6b7a; text-decoration: line-through; }
button { font: inherit; padding: .4rem .8rem; border-radius: 6px; border: 1px solid #c4cad3; background: #fff; cursor: pointer; }
button.danger { border-color: #b3261e; color: #b3261e; }
button:disabled { opacity: .5; cursor: default; }
.panel { background: #fff; border: 1px solid #dde1e6; border-radius: 8px; padding: 1rem; margin-bottom: 1rem; }
.summary { font-size: 1.1rem; }
progress { width: 100%; max-width: 20rem; }
.issues li { margin-bottom: .5rem; }
.timeline { list-style: none; padding: 0; }
.timeline li { padding: .3rem 0; border-bottom: 1px dashed #eceff3; }
.pager { display: flex; gap: .5rem; justify-content: flex-end; margin-top: .75rem; }
dialog { max-width: 28rem; border: 1px solid #c4cad3; border-radius: 8px; }
dialog input { width: 100%; font: inherit; padding: .4rem; box-sizing: border-box; }
@media (max-width: 640px) {
  .filters { grid-template-columns: 1fr; }
  table, thead, tbody, tr, th, td { display: block; }
  thead { position: absolute; left: -9999px; }
  tr { border-bottom: 2px solid #dde1e6; padding: .4rem 0; }
  td { border: none; padding: .2rem .5rem; }
  td[data-label]::before { content: attr(data-label) ": "; font-weight: 600; color: #5f6b7a; }
}
`;
