// Keeps what is typed in the incident editor in localStorage until the server has it.
// The textarea's own input listener writes it, so a draft survives a dropped connection: the server is not needed
// to keep typing safe, only to save.

const listeners = new WeakMap();

function write(key, text, baseRevision) {
    try {
        localStorage.setItem(key, JSON.stringify({ text, baseRevision, savedAt: new Date().toISOString() }));
    } catch {
        // Storage full or disabled: the server copy is all there is, which the page already says.
    }
}

export function load(key) {
    try {
        const raw = localStorage.getItem(key);
        if (!raw) return null;
        const draft = JSON.parse(raw);
        return typeof draft?.text === "string" ? draft : null;
    } catch {
        return null;
    }
}

export function store(key, text, baseRevision) {
    write(key, text, baseRevision);
}

export function clear(key) {
    try {
        localStorage.removeItem(key);
    } catch {
        // Nothing to clear where storage is disabled.
    }
}

/** Writes the draft on every keystroke, with the revision the text started from. */
export function attach(textarea, key, baseRevision) {
    if (!textarea) return;
    detach(textarea);
    const state = { key, baseRevision };
    state.onInput = () => write(state.key, textarea.value, state.baseRevision);
    textarea.addEventListener("input", state.onInput);
    listeners.set(textarea, state);
}

export function setBaseRevision(textarea, baseRevision) {
    const state = textarea && listeners.get(textarea);
    if (state) state.baseRevision = baseRevision;
}

export function detach(textarea) {
    const state = textarea && listeners.get(textarea);
    if (!state) return;
    textarea.removeEventListener("input", state.onInput);
    listeners.delete(textarea);
}

/** Selects a 1-based line of the textarea and scrolls it into view, for a problem's "line N". */
export function goToLine(textarea, line) {
    if (!textarea) return;
    const lines = textarea.value.split("\n");
    const index = Math.min(Math.max(line, 1), lines.length) - 1;
    let start = 0;
    for (let i = 0; i < index; i++) start += lines[i].length + 1;
    textarea.focus();
    textarea.setSelectionRange(start, start + lines[index].length);
    const lineHeight = parseFloat(getComputedStyle(textarea).lineHeight) || 20;
    textarea.scrollTop = Math.max(0, index * lineHeight - textarea.clientHeight / 3);
}
