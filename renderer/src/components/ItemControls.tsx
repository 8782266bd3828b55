// Small controls shared by the lists of cells and gaps: the id that opens a gap from the keyboard,
// and the up/down buttons that move an item in its pillar.
import { useStore } from '../store';

/** A gap's id in a clickable row: the row opens the gap for the mouse, the id is its button for the keyboard. */
export function GapIdButton({ id }: { id: string }) {
  const editGap = useStore((s) => s.editGap);
  return (
    <button className="link mono" onClick={(e) => (e.stopPropagation(), editGap(id))}>
      {id}
    </button>
  );
}

/** ↑ and ↓ for the item `id`, named for screen readers ("Move GAP-03 up"). */
export function MoveButtons({ id, move }: { id: string; move: (by: -1 | 1) => void }) {
  return (
    <>
      <button className="icon" aria-label={`Move ${id} up`} title="Move up" onClick={() => move(-1)}>
        ↑
      </button>
      <button className="icon" aria-label={`Move ${id} down`} title="Move down" onClick={() => move(1)}>
        ↓
      </button>
    </>
  );
}
