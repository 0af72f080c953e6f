import type { ViewProps } from '../modules';

export default function ThirtyFive(_props: ViewProps): JSX.Element {
  return <p>ThirtyFive</p>;
}
