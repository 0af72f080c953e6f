import type { ViewProps } from '../modules';

export default function BacklogPage(_props: ViewProps): JSX.Element {
  return <p>BacklogPage</p>;
}
