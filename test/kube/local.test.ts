/**
 * Which contexts the lab treats as a learner's own cluster (it creates and deletes objects there without
 * asking): by the name local tools give their contexts, or by an API server on this machine. Anything else
 * needs --yes.
 */
import { describe, expect, it } from 'vitest';
import { looksLocalName, looksLocalServer } from '../../src/kube/local.js';

describe('looksLocalName', () => {
  it.each([
    ['kind-kind', true],
    ['kind-emqx-lab', true],
    ['kind-', true],
    ['minikube', true],
    ['docker-desktop', true],
    ['docker-for-desktop', true],
    ['rancher-desktop', true],
    ['k3d-lab', true],
    ['orbstack', true],
    ['colima', true],
    ['colima-dev', true],
    ['emqx-lab-sim', true],
    // Names that merely contain a local tool's name are not local.
    ['kind', false],
    ['mykind-cluster', false],
    ['prod-kind-eu', false],
    ['Kind-lab', false],
    ['minikube-prod', false],
    ['prod-minikube', false],
    ['docker-desktop-2', false],
    ['my-docker-desktop', false],
    ['k3d', false],
    ['prod-k3d-x', false],
    ['orbstack-remote', false],
    ['colimax', false],
    ['emqx-lab-sim-2', false],
    ['gke_project_europe-west1_prod', false],
    ['arn:aws:eks:eu-west-1:123456789012:cluster/kind-lab', false],
    ['', false],
  ])('%j → %s', (name, local) => expect(looksLocalName(name)).toBe(local));
});

describe('looksLocalServer', () => {
  it.each([
    ['https://127.0.0.1:6443', true],
    ['https://127.0.0.1', true],
    ['https://localhost:39000', true],
    ['http://localhost', true],
    ['https://[::1]:6443', true],
    ['https://127.0.0.2:6443', false],
    ['https://127.0.0.1.nip.io:6443', false],
    ['https://localhost.example.com', false],
    ['https://mylocalhost:6443', false],
    ['https://10.0.0.1:6443', false],
    ['https://192.0.2.10:443', false],
    ['https://kubernetes.docker.internal:6443', false],
    ['https://abc.gr7.eu-west-1.eks.amazonaws.com', false],
    ['https://user@evil.example/127.0.0.1', false],
    ['127.0.0.1:6443', false],
    ['not a url', false],
    ['', false],
    [undefined, false],
  ])('%j → %s', (server, local) => expect(looksLocalServer(server)).toBe(local));
});
