import Modeler from 'bpmn-js/lib/Modeler';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn.css';
import tb from './tb.json';

/** The tb: moddle extension lets bpmn-js read and write Tongban's attributes as typed properties. */
export const moddleExtensions = { tb };

export function createModeler(container: HTMLElement): Modeler {
  return new Modeler({ container, moddleExtensions });
}

export function createViewer(container: HTMLElement): NavigatedViewer {
  return new NavigatedViewer({ container, moddleExtensions });
}

/** A small DOM badge for an overlay (text only: codes come from the server). */
export function badge(text: string, title: string): HTMLElement {
  const el = document.createElement('span');
  el.className = 'tb-error-badge';
  el.textContent = text;
  el.title = title;
  el.setAttribute('role', 'note');
  return el;
}

export function download(name: string, text: string, type = 'application/xml'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
