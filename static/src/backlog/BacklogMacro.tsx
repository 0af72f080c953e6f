import type { ViewProps } from '../modules';

export default function BacklogMacro(_props: ViewProps): JSX.Element {
  return <p>BacklogMacro</p>;
}
