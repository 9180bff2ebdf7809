package main

// `harness provisioner`: the part of kind's local-path provisioner (rancher.io/local-path, driven by
// sig-storage-lib-external-provisioner) that the API can see. For a claim that the PV controller has
// handed to rancher.io/local-path (annotation volume.kubernetes.io/storage-provisioner) and that the
// scheduler has placed (volume.kubernetes.io/selected-node), it creates the PersistentVolume
// pvc-<claim uid>: hostPath <dir>/pv/<pv>_<namespace>_<claim>, node affinity to the selected node, a
// claimRef to the claim, the claim's request as capacity, the class's reclaim policy. The PV controller
// in kube-controller-manager binds the two. A Released volume whose policy is Delete loses its folder
// and is deleted. Claims asking for other access modes than ReadWriteOnce/ReadWriteOncePod are refused
// with a ProvisioningFailed event, as local-path refuses them.

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/rand"
	"k8s.io/apimachinery/pkg/util/uuid"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/scheme"
	typedcorev1 "k8s.io/client-go/kubernetes/typed/core/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/client-go/tools/record"
	"k8s.io/client-go/util/workqueue"
)

const (
	provisionerName   = "rancher.io/local-path"
	annProvisioner    = "volume.kubernetes.io/storage-provisioner"
	annBetaProvision  = "volume.beta.kubernetes.io/storage-provisioner"
	annSelectedNode   = "volume.kubernetes.io/selected-node"
	annProvisionedBy  = "pv.kubernetes.io/provisioned-by"
	hostnameNodeLabel = "kubernetes.io/hostname"
)

type provisioner struct {
	client   kubernetes.Interface
	claims   cache.Indexer
	volumes  cache.Indexer
	recorder record.EventRecorder
	root     string
	log      *log.Logger
}

func runProvisioner(args []string) error {
	fs := flag.NewFlagSet("provisioner", flag.ContinueOnError)
	kubeconfig := fs.String("kubeconfig", "", "kubeconfig")
	dir := fs.String("dir", "", "the plane's state folder; volumes go to <dir>/pv")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := clientcmd.BuildConfigFromFlags("", *kubeconfig)
	if err != nil {
		return err
	}
	cfg.UserAgent = "local-path-provisioner"
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return err
	}
	ctx, cancel := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer cancel()

	broadcaster := record.NewBroadcaster(record.WithContext(ctx))
	broadcaster.StartRecordingToSink(&typedcorev1.EventSinkImpl{Interface: client.CoreV1().Events("")})
	defer broadcaster.Shutdown()
	// The event source kind shows: the provisioner's name, its pod (a Deployment's pod name), and the
	// controller's identity suffix, a UUID (sig-storage-lib-external-provisioner: hostname_uuid).
	identity := fmt.Sprintf("%s_local-path-provisioner-%s-%s_%s", provisionerName, rand.String(10), rand.String(5), uuid.NewUUID())

	factory := informers.NewSharedInformerFactory(client, 0)
	claimInf := factory.Core().V1().PersistentVolumeClaims().Informer()
	volumeInf := factory.Core().V1().PersistentVolumes().Informer()
	p := &provisioner{
		client:   client,
		claims:   claimInf.GetIndexer(),
		volumes:  volumeInf.GetIndexer(),
		recorder: broadcaster.NewRecorder(scheme.Scheme, corev1.EventSource{Component: identity}),
		root:     filepath.Join(*dir, "pv"),
		log:      log.New(os.Stderr, "provisioner: ", log.LstdFlags),
	}
	queue := workqueue.NewTypedRateLimitingQueue(workqueue.DefaultTypedControllerRateLimiter[string]())
	enqueue := func(prefix string) cache.ResourceEventHandlerFuncs {
		add := func(obj interface{}) {
			if key, err := cache.MetaNamespaceKeyFunc(obj); err == nil {
				queue.Add(prefix + key)
			}
		}
		return cache.ResourceEventHandlerFuncs{AddFunc: add, UpdateFunc: func(_, o interface{}) { add(o) }}
	}
	if _, err := claimInf.AddEventHandler(enqueue("claim/")); err != nil {
		return err
	}
	if _, err := volumeInf.AddEventHandler(enqueue("volume/")); err != nil {
		return err
	}
	factory.Start(ctx.Done())
	factory.WaitForCacheSync(ctx.Done())
	go func() {
		<-ctx.Done()
		queue.ShutDown()
	}()
	for {
		key, quit := queue.Get()
		if quit {
			return nil
		}
		var err error
		if name, ok := strings.CutPrefix(key, "claim/"); ok {
			err = p.syncClaim(ctx, name)
		} else if name, ok := strings.CutPrefix(key, "volume/"); ok {
			err = p.syncVolume(ctx, name)
		}
		if err != nil {
			p.log.Printf("%s: %v", key, err)
			queue.AddRateLimited(key)
		} else {
			queue.Forget(key)
		}
		queue.Done(key)
	}
}

func (p *provisioner) syncClaim(ctx context.Context, key string) error {
	obj, exists, err := p.claims.GetByKey(key)
	if err != nil || !exists {
		return err
	}
	claim := obj.(*corev1.PersistentVolumeClaim)
	ann := claim.Annotations
	if claim.Spec.VolumeName != "" || claim.DeletionTimestamp != nil ||
		(ann[annProvisioner] != provisionerName && ann[annBetaProvision] != provisionerName) {
		return nil
	}
	nodeName := ann[annSelectedNode]
	if nodeName == "" {
		return nil // WaitForFirstConsumer: the scheduler has not picked a node yet
	}
	pvName := "pvc-" + string(claim.UID)
	if _, exists, _ := p.volumes.GetByKey(pvName); exists {
		return nil
	}
	if claim.Spec.StorageClassName == nil {
		return nil
	}
	class, err := p.client.StorageV1().StorageClasses().Get(ctx, *claim.Spec.StorageClassName, metav1.GetOptions{})
	if err != nil {
		return err
	}
	p.recorder.Eventf(claim, corev1.EventTypeNormal, "Provisioning",
		"External provisioner is provisioning volume for claim %q", claim.Namespace+"/"+claim.Name)
	fail := func(err error) error {
		p.recorder.Eventf(claim, corev1.EventTypeWarning, "ProvisioningFailed", "failed to provision volume with StorageClass %q: %v", class.Name, err)
		return nil // a refused claim stays Pending until it changes
	}
	if claim.Spec.Selector != nil {
		return fail(fmt.Errorf("claim.Spec.Selector is not supported"))
	}
	for _, m := range claim.Spec.AccessModes {
		if m != corev1.ReadWriteOnce && m != corev1.ReadWriteOncePod {
			return fail(fmt.Errorf("Only support ReadWriteOnce access mode"))
		}
	}
	node, err := p.client.CoreV1().Nodes().Get(ctx, nodeName, metav1.GetOptions{})
	if err != nil {
		return err
	}
	hostname := node.Labels[hostnameNodeLabel]
	if hostname == "" {
		hostname = node.Name
	}
	path := filepath.Join(p.root, fmt.Sprintf("%s_%s_%s", pvName, claim.Namespace, claim.Name))
	if err := os.MkdirAll(path, 0o777); err != nil {
		return err
	}
	reclaim := corev1.PersistentVolumeReclaimDelete
	if class.ReclaimPolicy != nil {
		reclaim = *class.ReclaimPolicy
	}
	fs := corev1.PersistentVolumeFilesystem
	hostPathType := corev1.HostPathDirectoryOrCreate
	pv := &corev1.PersistentVolume{
		ObjectMeta: metav1.ObjectMeta{
			Name:        pvName,
			Annotations: map[string]string{annProvisionedBy: provisionerName},
		},
		Spec: corev1.PersistentVolumeSpec{
			PersistentVolumeReclaimPolicy: reclaim,
			AccessModes:                   claim.Spec.AccessModes,
			VolumeMode:                    &fs,
			StorageClassName:              class.Name,
			MountOptions:                  class.MountOptions,
			Capacity:                      corev1.ResourceList{corev1.ResourceStorage: claim.Spec.Resources.Requests[corev1.ResourceStorage]},
			ClaimRef: &corev1.ObjectReference{
				Kind: "PersistentVolumeClaim", APIVersion: "v1",
				Namespace: claim.Namespace, Name: claim.Name, UID: claim.UID, ResourceVersion: claim.ResourceVersion,
			},
			PersistentVolumeSource: corev1.PersistentVolumeSource{
				HostPath: &corev1.HostPathVolumeSource{Path: path, Type: &hostPathType},
			},
			NodeAffinity: &corev1.VolumeNodeAffinity{Required: &corev1.NodeSelector{NodeSelectorTerms: []corev1.NodeSelectorTerm{{
				MatchExpressions: []corev1.NodeSelectorRequirement{{Key: hostnameNodeLabel, Operator: corev1.NodeSelectorOpIn, Values: []string{hostname}}},
			}}}},
		},
	}
	if _, err := p.client.CoreV1().PersistentVolumes().Create(ctx, pv, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		return err
	}
	p.recorder.Eventf(claim, corev1.EventTypeNormal, "ProvisioningSucceeded", "Successfully provisioned volume %s", pvName)
	return nil
}

func (p *provisioner) syncVolume(ctx context.Context, name string) error {
	obj, exists, err := p.volumes.GetByKey(name)
	if err != nil || !exists {
		return err
	}
	pv := obj.(*corev1.PersistentVolume)
	if pv.Annotations[annProvisionedBy] != provisionerName || pv.DeletionTimestamp != nil ||
		pv.Status.Phase != corev1.VolumeReleased || pv.Spec.PersistentVolumeReclaimPolicy != corev1.PersistentVolumeReclaimDelete {
		return nil
	}
	if hp := pv.Spec.HostPath; hp != nil && filepath.Dir(hp.Path) == p.root {
		if err := os.RemoveAll(hp.Path); err != nil {
			return err
		}
	}
	err = p.client.CoreV1().PersistentVolumes().Delete(ctx, pv.Name, metav1.DeleteOptions{})
	if apierrors.IsNotFound(err) {
		return nil
	}
	return err
}
