import { useEffect, useState } from "preact/hooks";
import { errorText } from "../api";
import { chatTitle, nameOf, search } from "../chat";
import { navigate } from "../router";
import { state, useAppState } from "../store";
import type { MessageView } from "../types";
import { ErrorNote, Icon, shortTime } from "./common";

function Highlight({ text, q }: { text: string; q: string }) {
  const words = q.split(/\s+/).filter(w => w.length > 1).map(w => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  if (words.length === 0) return <>{text}</>;
  const parts = text.split(new RegExp(`(${words.join("|")})`, "gi"));
  return <>{parts.map((p, i) => i % 2 ? <mark key={i}>{p}</mark> : p)}</>;
}

export function SearchScreen({ q }: { q: string }) {
  useAppState();
  const [results, setResults] = useState<MessageView[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setResults(null);
    setError(null);
    search(q).then(setResults).catch(e => setError(errorText(e)));
  }, [q]);

  return (
    <section class="panel" aria-labelledby="search-title">
      <header class="panel-head">
        <button class="icon-button back" onClick={() => navigate("/chats")} aria-label="Back to chats"><Icon name="back" /></button>
        <h1 id="search-title">Results for “{q}”</h1>
      </header>
      <div class="panel-body">
        <ErrorNote text={error} />
        {results === null && !error && <p class="muted">Searching…</p>}
        {results?.length === 0 && <p class="muted">No messages match. Try fewer or different words.</p>}
        <ul class="results">
          {results?.map(m => {
            const chat = state.chats.get(m.chatId);
            return (
              <li key={m.id}>
                <a class="result" href={`/chats/${m.chatId}?m=${m.sequence}`}
                  onClick={e => { e.preventDefault(); navigate(`/chats/${m.chatId}?m=${m.sequence}`); }}>
                  <span class="result-top">
                    <strong>{chat ? chatTitle(chat) : "Chat"}</strong>
                    <span class="muted small">{shortTime(m.createdAt)}</span>
                  </span>
                  <span class="result-text"><span class="muted">{nameOf(m.senderId)}: </span><Highlight text={m.text ?? ""} q={q} /></span>
                </a>
              </li>
            );
          })}
        </ul>
      </div>
    </section>
  );
}
