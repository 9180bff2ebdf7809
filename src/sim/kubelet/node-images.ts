/** A node's status.images, from what its kubelet has pulled (largest first, as the kubelet reports them). */
import { World } from '../api/world.js';
import { digestOf, normalizeImage, planPull } from './images.js';

export function updateNodeImages(w: World, node: string): void {
  const n = w.get('nodes', undefined, node);
  if (!n) return;
  const images = Object.keys(w.s.rt.nodes[node].images).map((ref) => {
    const { repo } = normalizeImage(ref);
    return { names: [`${repo}@${digestOf(ref)}`, ref], sizeBytes: planPull(ref).size || 50_000_000 };
  });
  images.sort((a, b) => b.sizeBytes - a.sizeBytes);
  if (JSON.stringify(n.status.images) === JSON.stringify(images)) return;
  n.status = { ...n.status, images };
  w.update(n);
}
