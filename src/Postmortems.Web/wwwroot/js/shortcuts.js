// "/" focuses the top bar's search box, as on most sites with a search, unless the user is typing into something.
document.addEventListener('keydown', event => {
    if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    const target = event.target;
    if (target instanceof Element && (target.closest('input, textarea, select, [contenteditable]:not([contenteditable=false])'))) return;
    const box = document.getElementById('top-search');
    if (!box) return;
    event.preventDefault();
    box.focus();
    box.select();
});
