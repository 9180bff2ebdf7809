/** The simulated cluster's identity: a three-node kind cluster named emqx-lab, reached as context emqx-lab-sim. */
export const CLUSTER = {
  context: 'emqx-lab-sim',
  server: 'https://sim.emqx-lab.invalid',
  /** The admin user's client certificate in the simulator's kubeconfig (a marker, not a real certificate). */
  adminCert: 'ZW1xeC1sYWItc2ltLWFkbWluCg==',
  k8sVersion: 'v1.32.2',
  nodes: [
    { name: 'emqx-lab-control-plane', ip: '172.18.0.2', cidr: '10.244.0.0/24', controlPlane: true },
    { name: 'emqx-lab-worker', ip: '172.18.0.3', cidr: '10.244.1.0/24', controlPlane: false },
    { name: 'emqx-lab-worker2', ip: '172.18.0.4', cidr: '10.244.2.0/24', controlPlane: false },
  ],
  cpu: '8',
  memory: '16283360Ki',
};
