// A button that gives a command of the registry: its label and its shortcut in the tooltip come
// from core/commands.ts, what it does from commands.ts — as the menu item and the keys.
import { COMMANDS, shortcutText, type CommandId, type CommandSpec } from '../../../core/commands';
import { PLATFORM, runCommand } from '../commands';

export function CommandButton({
  id,
  disabled,
  title,
  className,
}: {
  id: CommandId;
  disabled?: boolean;
  title?: string;
  className?: string;
}) {
  const spec: CommandSpec = COMMANDS[id];
  const keys = shortcutText(id, PLATFORM);
  const tip = [title, keys].filter(Boolean).join(' — ');
  return (
    <button onClick={() => runCommand(id)} disabled={disabled} className={className} {...(tip ? { title: tip } : {})}>
      {spec.button ?? spec.label}
    </button>
  );
}
