/**
 * Components whose code loads on demand, without Suspense. React reveals content that replaces a
 * Suspense fallback no sooner than 300 ms after the fallback appeared (its reveal throttle), and a
 * page asks for its data only once it is revealed: with React.lazy every first load waited those
 * 300 ms before its first request, and each chart as long again for ECharts (#16). Here the
 * placeholder shows until the module is in, then the component comes as an ordinary update.
 */
import { type ComponentType, type ReactNode, useEffect, useState } from 'react';

/** One module's loading state, shared by every element of its component. */
interface Loader<P> {
  loaded: ComponentType<P> | undefined;
  preload(): Promise<ComponentType<P>>;
  placeholder(props: P): ReactNode;
}

export function onDemand<P extends object>(
  load: () => Promise<ComponentType<P>>,
  placeholder: (props: P) => ReactNode,
): (props: P) => ReactNode {
  let loading: Promise<ComponentType<P>> | undefined;
  const loader: Loader<P> = {
    loaded: undefined,
    placeholder,
    preload() {
      loading ??= load().then(
        (component) => {
          loader.loaded = component;
          return component;
        },
        (error: unknown) => {
          loading = undefined; // the next render tries again (a deploy replaced the chunk, a lost connection)
          throw error;
        },
      );
      return loading;
    },
  };
  return (props: P) => <Loaded loader={loader as Loader<object>} props={props} />;
}

function Loaded({ loader, props }: { loader: Loader<object>; props: object }) {
  const [, setReady] = useState(0);
  const [failed, setFailed] = useState<unknown>();
  const Component = loader.loaded;
  // Started while rendering, as React.lazy does, so the download begins before the commit.
  if (!Component) void loader.preload().catch(() => undefined);
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, for a placeholder rendered (the module may have come since)
  useEffect(() => {
    if (Component) return;
    let mounted = true;
    loader.preload().then(
      () => mounted && setReady((n) => n + 1),
      (error: unknown) => mounted && setFailed(() => error),
    );
    return () => {
      mounted = false;
    };
  }, []);
  // As React.lazy: a module that cannot load is an error of the render.
  if (failed !== undefined) throw failed;
  return Component ? <Component {...props} /> : loader.placeholder(props);
}
