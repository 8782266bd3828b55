// One view's failure stays in that view: the rest of the window (top bar, rail, other views, the
// auditor's unsaved edits) keeps working, and the failure is said where it happened. React only
// catches render errors in a class component's lifecycle, hence the one class of the renderer.
import { Component, type ReactNode } from 'react';

interface Props {
  /** What failed, as the message names it: "the backlog", "the gap editor". */
  what: string;
  /** When it changes (another pillar), a failure shown is dropped and the content tried again — without remounting it. */
  resetKey?: unknown;
  children: ReactNode;
}

export class ErrorBoundary extends Component<Props, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidUpdate(previous: Props) {
    if (this.state.error && previous.resetKey !== this.props.resetKey) this.setState({ error: null });
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="view-failed" role="alert">
        <h2>Could not show {this.props.what}</h2>
        <p>
          <span className="mono">{error.message}</span>
        </p>
        <p className="muted small">Nothing was saved or lost by this: your work stays as it was. Other views still work.</p>
        <button onClick={() => this.setState({ error: null })}>Try again</button>
      </div>
    );
  }
}
