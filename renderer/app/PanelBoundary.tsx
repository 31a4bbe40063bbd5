import { Component, Fragment, type ErrorInfo, type ReactNode } from "react";

/**
 * Keeps a panel's error inside the panel: without it React unmounts the whole app on a render error,
 * and one bad value in a trace (a return that is not finite) left a white page.
 */
export class PanelBoundary extends Component<{ panel: string; children: ReactNode }, { error: Error | null; tries: number }> {
  override state = { error: null as Error | null, tries: 0 };

  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error(`The ${this.props.panel} panel failed:`, error, info.componentStack);
  }

  override render() {
    const { error, tries } = this.state;
    // A new key on Reload panel: a fresh mount, which reads the stores again (they may have changed since).
    if (!error) return <Fragment key={tries}>{this.props.children}</Fragment>;
    return (
      <div className="panel-failure" role="alert">
        <p>
          <strong>The {this.props.panel} panel failed</strong> (the rest of the editor still works): {error.message || error.name}
        </p>
        <button type="button" onClick={() => this.setState({ error: null, tries: tries + 1 })}>
          Reload panel
        </button>
      </div>
    );
  }
}

