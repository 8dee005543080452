// The design text stays in the browser until "Check" is pressed: a 100 KB paste sent on every keystroke would be
// slow, and one SignalR message that large would exceed the circuit's message limit. On "Check" the text goes to the
// server as a stream (readText), which has no such limit.

const encoder = new TextEncoder();
const attached = new WeakMap();

function kilobytes(bytes) {
    const kb = Math.ceil(bytes / 102.4) / 10;
    return `${kb.toLocaleString("en", { maximumFractionDigits: 1 })} KB`;
}

function showSize(textarea, counter, maxBytes) {
    const bytes = encoder.encode(textarea.value).length;
    counter.textContent = `${kilobytes(bytes)} of ${kilobytes(maxBytes)}`;
    counter.classList.toggle("over-limit", bytes > maxBytes);
}

/** Keeps the size counter current and makes Ctrl+Enter (Cmd+Enter) run the check. */
export function attach(textarea, counter, maxBytes, dotnet) {
    if (!textarea || !counter) return;
    detach(textarea);
    const state = {
        onInput: () => showSize(textarea, counter, maxBytes),
        onKey: event => {
            if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
                event.preventDefault();
                dotnet.invokeMethodAsync("CheckFromKeyboard");
            }
        },
    };
    textarea.addEventListener("input", state.onInput);
    textarea.addEventListener("keydown", state.onKey);
    attached.set(textarea, state);
    state.onInput();
}

export function detach(textarea) {
    const state = textarea && attached.get(textarea);
    if (!state) return;
    textarea.removeEventListener("input", state.onInput);
    textarea.removeEventListener("keydown", state.onKey);
    attached.delete(textarea);
}

/** How many bytes the text is as UTF-8: asked first, since a stream cannot be empty and a text too large need not be sent. */
export function textSize(textarea) {
    return textarea ? encoder.encode(textarea.value).length : 0;
}

/** The text as UTF-8 bytes: .NET receives it as a stream, whatever its size. */
export function readText(textarea) {
    return encoder.encode(textarea.value);
}

/** Puts a text (an uploaded file, the example) in the box, as if it had been typed. */
export function setText(textarea, text) {
    if (!textarea) return;
    textarea.value = text;
    textarea.dispatchEvent(new Event("input"));
}

/** Copies text to the clipboard; where the Clipboard API is not allowed (plain http), through a hidden selection. */
export async function copy(text) {
    try {
        if (navigator.clipboard && window.isSecureContext) {
            await navigator.clipboard.writeText(text);
            return true;
        }
    } catch {
        // Permission refused: fall back to the selection below.
    }
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try {
        return document.execCommand("copy");
    } catch {
        return false;
    } finally {
        area.remove();
    }
}
