import type { ViewProps } from '../modules';

export default function LeanCoffee(_props: ViewProps): JSX.Element {
  return <p>LeanCoffee</p>;
}
