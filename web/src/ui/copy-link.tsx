import { useRef, useState } from 'react';

/** A link Cairn made for someone (an invitation, a password reset), shown to copy and pass on. */
export function CopyLink({ id, label, link }: { id: string; label: string; link: string }) {
  const [copied, setCopied] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const copy = async () => {
    if (!input.current) return;
    input.current.select();
    try {
      await navigator.clipboard.writeText(input.current.value);
      setCopied('Copied the link.');
    } catch {
      // Clipboard access needs HTTPS in most browsers; the link is selected, ready to copy by hand.
      setCopied('The link is selected: copy it with your device’s copy command.');
    }
  };
  return (
    <>
      <div className="form-group">
        <label className="label" htmlFor={id}>
          {label}
        </label>
        <input id={id} ref={input} className="input" readOnly value={link} onFocus={(e) => e.target.select()} />
      </div>
      <button type="button" className="button" onClick={() => void copy()}>
        Copy link
      </button>
      <p role="status">{copied}</p>
    </>
  );
}
